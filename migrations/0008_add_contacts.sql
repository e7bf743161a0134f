CREATE TABLE "contact_drafts" (
	"session_token_hash" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"answers" jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contact_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"contact_id" uuid NOT NULL,
	"type" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"by_user_id" uuid,
	"by_name" text NOT NULL,
	"summary" text NOT NULL,
	"details" jsonb
);
--> statement-breakpoint
CREATE TABLE "contact_settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
CREATE TABLE "contacts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" integer GENERATED ALWAYS AS IDENTITY (sequence name "contacts_number_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"channel" text NOT NULL,
	"child_given_name" text NOT NULL,
	"child_family_name" text NOT NULL,
	"child_date_of_birth" date,
	"child_gender" text NOT NULL,
	"child_address" text,
	"child_postcode" text,
	"household" text,
	"person_id" uuid,
	"concern_types" text[] NOT NULL,
	"concern_other" text,
	"referral_source" text NOT NULL,
	"referrer_user_id" uuid,
	"referrer_agency_id" uuid,
	"referrer_name" text NOT NULL,
	"referrer_agency_name" text,
	"referrer_contact" text,
	"received_at" timestamp with time zone NOT NULL,
	"narrative" text NOT NULL,
	"childs_words" text,
	"immediate_risk" boolean DEFAULT false NOT NULL,
	"lawful_basis" text NOT NULL,
	"special_category_condition" text,
	"family_informed" boolean,
	"family_not_informed_reason" text,
	"status" text DEFAULT 'awaiting-triage' NOT NULL,
	"rag" text,
	"decision_due_by" timestamp with time zone,
	"allocated_to" uuid,
	"allocated_at" timestamp with time zone,
	"recommended_outcome" text,
	"recommendation_rationale" text,
	"recommended_by" uuid,
	"recommended_at" timestamp with time zone,
	"outcome" text,
	"rationale" text,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"signed_off_by" uuid,
	"signed_off_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" uuid,
	"created_by_team_id" uuid,
	"updated_at" timestamp with time zone NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "contacts_status_check" CHECK (status in ('awaiting-triage','in-triage','awaiting-decision','decided','closed')),
	CONSTRAINT "contacts_rag_check" CHECK (rag is null or rag in ('red','amber','green')),
	CONSTRAINT "contacts_channel_check" CHECK (channel in ('online','phone','api')),
	CONSTRAINT "contacts_gender_check" CHECK (child_gender in ('F','M','U')),
	CONSTRAINT "contacts_referral_source_check" CHECK (referral_source in ('1A','1B','1C','1D','2A','2B','3A','3B','3C','3D','3E','3F','4','5A','5B','5C','5D','6','7','8','9','10')),
	CONSTRAINT "contacts_lawful_basis_check" CHECK (lawful_basis in ('consent','legal-obligation','vital-interests','public-task')),
	CONSTRAINT "contacts_concern_types_check" CHECK (cardinality(concern_types) > 0 and concern_types <@ array['CSE','CCE','trafficking','online-abuse','missing','other']::text[]),
	CONSTRAINT "contacts_outcome_check" CHECK (outcome is null or outcome in ('no-further-action','universal-services','early-help','assessment-s17','strategy-discussion-s47','police-action','exploitation-screening','missing-follow-up')),
	CONSTRAINT "contacts_decided_check" CHECK ((status in ('decided','closed')) = (outcome is not null) and (outcome is null or (rationale is not null and decided_by is not null and decided_at is not null))),
	CONSTRAINT "contacts_rag_due_check" CHECK ((rag is null) = (decision_due_by is null))
);
--> statement-breakpoint
ALTER TABLE "contact_drafts" ADD CONSTRAINT "contact_drafts_session_token_hash_sessions_token_hash_fk" FOREIGN KEY ("session_token_hash") REFERENCES "public"."sessions"("token_hash") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_drafts" ADD CONSTRAINT "contact_drafts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_events" ADD CONSTRAINT "contact_events_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_events" ADD CONSTRAINT "contact_events_by_user_id_users_id_fk" FOREIGN KEY ("by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_settings" ADD CONSTRAINT "contact_settings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_referrer_user_id_users_id_fk" FOREIGN KEY ("referrer_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_referrer_agency_id_agencies_id_fk" FOREIGN KEY ("referrer_agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_allocated_to_users_id_fk" FOREIGN KEY ("allocated_to") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_recommended_by_users_id_fk" FOREIGN KEY ("recommended_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_signed_off_by_users_id_fk" FOREIGN KEY ("signed_off_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_created_by_team_id_teams_id_fk" FOREIGN KEY ("created_by_team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "contact_events_contact_idx" ON "contact_events" USING btree ("contact_id","at");--> statement-breakpoint
CREATE INDEX "contacts_created_idx" ON "contacts" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "contacts_open_idx" ON "contacts" USING btree ("status","decision_due_by") WHERE status in ('awaiting-triage','in-triage','awaiting-decision');--> statement-breakpoint
CREATE INDEX "contacts_person_idx" ON "contacts" USING btree ("person_id","received_at");--> statement-breakpoint
CREATE INDEX "contacts_referrer_idx" ON "contacts" USING btree ("referrer_user_id","created_at");--> statement-breakpoint
CREATE INDEX "contacts_reported_child_idx" ON "contacts" USING btree (lower("child_family_name"),"child_date_of_birth");--> statement-breakpoint
CREATE INDEX "contacts_number_idx" ON "contacts" USING btree ("number");