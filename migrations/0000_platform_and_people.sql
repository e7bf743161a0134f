CREATE TABLE "agencies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"type" text NOT NULL,
	"area" text,
	"exploitation_lead_name" text,
	"exploitation_lead_email" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "agencies_type_check" CHECK (type in ('police','childrens-social-care','health','education','housing','probation','youth-offending','voluntary-sector','partnership-business-unit'))
);
--> statement-breakpoint
CREATE TABLE "api_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"user_role_profile_id" uuid NOT NULL,
	"name" text NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"last_used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"user_id" uuid,
	"stage" text NOT NULL,
	"user_role_profile_id" uuid,
	"csrf_secret" text NOT NULL,
	"pending_totp_secret" text,
	"created_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"ip_address" text,
	"user_agent" text
);
--> statement-breakpoint
CREATE TABLE "teams" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agency_id" uuid NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "user_role_profiles" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"role_profile" text NOT NULL,
	"team_id" uuid NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "user_role_profiles_role_check" CHECK (role_profile in ('system-admin','information-governance-officer','business-unit-officer','mash-manager','mash-practitioner','mash-agency-researcher','social-worker','exploitation-lead','police-missing-coordinator','rhi-worker','designated-safeguarding-lead','health-safeguarding-practitioner','analyst','panel-chair'))
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"display_name" text NOT NULL,
	"password_hash" text NOT NULL,
	"totp_secret" text,
	"totp_last_step" bigint,
	"failed_sign_ins" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"disabled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "access_notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"recipient_user_id" uuid,
	"recipient_role" text,
	"person_id" uuid,
	"break_glass_grant_id" uuid,
	"message" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"read_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "break_glass_grants" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"user_role_profile_id" uuid,
	"reason" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"review_status" text DEFAULT 'awaiting-review' NOT NULL,
	"review_outcome" text,
	"review_note" text,
	"reviewed_by" uuid,
	"reviewed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "legitimate_relationships" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"user_id" uuid,
	"team_id" uuid,
	"source" text NOT NULL,
	"source_ref" uuid,
	"starts_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"created_by" uuid,
	CONSTRAINT "legitimate_relationships_holder_check" CHECK ((user_id is null) <> (team_id is null))
);
--> statement-breakpoint
CREATE TABLE "record_protections" (
	"person_id" uuid PRIMARY KEY NOT NULL,
	"state" text NOT NULL,
	"reason" text NOT NULL,
	"set_by" uuid NOT NULL,
	"set_at" timestamp with time zone NOT NULL,
	CONSTRAINT "record_protections_state_check" CHECK (state in ('restricted','sealed'))
);
--> statement-breakpoint
CREATE TABLE "sealed_record_access" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"granted_by" uuid NOT NULL,
	"granted_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_events" (
	"seq" bigint PRIMARY KEY NOT NULL,
	"at" timestamp (3) with time zone NOT NULL,
	"actor_user_id" uuid,
	"actor_label" text NOT NULL,
	"role_profile" text,
	"agency_id" uuid,
	"action" text NOT NULL,
	"outcome" text NOT NULL,
	"resource_type" text,
	"resource_id" text,
	"person_id" uuid,
	"purpose" text,
	"correlation_id" text,
	"details" jsonb NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "people" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text DEFAULT 'child' NOT NULL,
	"given_name" text NOT NULL,
	"middle_names" text,
	"family_name" text NOT NULL,
	"date_of_birth" date,
	"dob_precision" text DEFAULT 'exact' NOT NULL,
	"gender" text NOT NULL,
	"ethnicity" text,
	"address_line1" text,
	"address_line2" text,
	"town" text,
	"postcode" text,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "people_gender_check" CHECK (gender in ('F','M','U')),
	CONSTRAINT "people_kind_check" CHECK (kind in ('child','adult')),
	CONSTRAINT "people_dob_precision_check" CHECK (dob_precision in ('exact','month','year','estimated'))
);
--> statement-breakpoint
CREATE TABLE "person_history" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"previous" jsonb NOT NULL,
	"changed_by" uuid,
	"changed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_user_role_profile_id_user_role_profiles_id_fk" FOREIGN KEY ("user_role_profile_id") REFERENCES "public"."user_role_profiles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_role_profile_id_user_role_profiles_id_fk" FOREIGN KEY ("user_role_profile_id") REFERENCES "public"."user_role_profiles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "teams" ADD CONSTRAINT "teams_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_role_profiles" ADD CONSTRAINT "user_role_profiles_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_role_profiles" ADD CONSTRAINT "user_role_profiles_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_notifications" ADD CONSTRAINT "access_notifications_recipient_user_id_users_id_fk" FOREIGN KEY ("recipient_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_notifications" ADD CONSTRAINT "access_notifications_break_glass_grant_id_break_glass_grants_id_fk" FOREIGN KEY ("break_glass_grant_id") REFERENCES "public"."break_glass_grants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "break_glass_grants" ADD CONSTRAINT "break_glass_grants_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "break_glass_grants" ADD CONSTRAINT "break_glass_grants_user_role_profile_id_user_role_profiles_id_fk" FOREIGN KEY ("user_role_profile_id") REFERENCES "public"."user_role_profiles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "break_glass_grants" ADD CONSTRAINT "break_glass_grants_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "legitimate_relationships" ADD CONSTRAINT "legitimate_relationships_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "legitimate_relationships" ADD CONSTRAINT "legitimate_relationships_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "legitimate_relationships" ADD CONSTRAINT "legitimate_relationships_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "record_protections" ADD CONSTRAINT "record_protections_set_by_users_id_fk" FOREIGN KEY ("set_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sealed_record_access" ADD CONSTRAINT "sealed_record_access_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sealed_record_access" ADD CONSTRAINT "sealed_record_access_granted_by_users_id_fk" FOREIGN KEY ("granted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "people" ADD CONSTRAINT "people_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_history" ADD CONSTRAINT "person_history_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_history" ADD CONSTRAINT "person_history_changed_by_users_id_fk" FOREIGN KEY ("changed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "agencies_name_key" ON "agencies" USING btree ("name");--> statement-breakpoint
CREATE UNIQUE INDEX "api_tokens_hash_key" ON "api_tokens" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "api_tokens_user_idx" ON "api_tokens" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "teams_agency_name_key" ON "teams" USING btree ("agency_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "user_role_profiles_key" ON "user_role_profiles" USING btree ("user_id","role_profile","team_id");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_key" ON "users" USING btree (lower("email"));--> statement-breakpoint
CREATE INDEX "access_notifications_user_idx" ON "access_notifications" USING btree ("recipient_user_id");--> statement-breakpoint
CREATE INDEX "access_notifications_role_idx" ON "access_notifications" USING btree ("recipient_role");--> statement-breakpoint
CREATE INDEX "break_glass_grants_person_idx" ON "break_glass_grants" USING btree ("person_id","user_id");--> statement-breakpoint
CREATE INDEX "break_glass_grants_review_idx" ON "break_glass_grants" USING btree ("review_status");--> statement-breakpoint
CREATE INDEX "legitimate_relationships_person_idx" ON "legitimate_relationships" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "legitimate_relationships_team_idx" ON "legitimate_relationships" USING btree ("team_id");--> statement-breakpoint
CREATE INDEX "legitimate_relationships_user_idx" ON "legitimate_relationships" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "sealed_record_access_person_idx" ON "sealed_record_access" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "audit_events_actor_idx" ON "audit_events" USING btree ("actor_user_id","seq");--> statement-breakpoint
CREATE INDEX "audit_events_person_idx" ON "audit_events" USING btree ("person_id","seq");--> statement-breakpoint
CREATE INDEX "audit_events_at_idx" ON "audit_events" USING btree ("at");--> statement-breakpoint
CREATE INDEX "people_family_name_idx" ON "people" USING btree (lower("family_name"));--> statement-breakpoint
CREATE INDEX "people_dob_idx" ON "people" USING btree ("date_of_birth");--> statement-breakpoint
CREATE INDEX "person_history_person_idx" ON "person_history" USING btree ("person_id");