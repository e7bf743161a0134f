CREATE TABLE "alert_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"key" text NOT NULL,
	"alert_type" text NOT NULL,
	"trigger" text NOT NULL,
	"window_days" integer,
	"min_episodes" integer,
	"min_hours" integer,
	"grades" jsonb,
	"population" text DEFAULT 'all' NOT NULL,
	"action" text NOT NULL,
	"owner_role" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "alert_rules_trigger_check" CHECK (trigger in ('episode-count','risk-grade','duration')),
	CONSTRAINT "alert_rules_population_check" CHECK (population in ('all','looked-after'))
);
--> statement-breakpoint
CREATE TABLE "alerts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"type" text NOT NULL,
	"owner_role" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"raised_at" timestamp with time zone NOT NULL,
	"reason" text NOT NULL,
	"action" text NOT NULL,
	"rule_key" text NOT NULL,
	"source_type" text,
	"source_ref" uuid,
	"acknowledged_at" timestamp with time zone,
	"acknowledged_by" uuid,
	"acknowledgement_note" text,
	CONSTRAINT "alerts_status_check" CHECK (status in ('open','acknowledged'))
);
--> statement-breakpoint
CREATE TABLE "missing_episode_associates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"episode_id" uuid NOT NULL,
	"person_id" uuid,
	"name" text,
	"description" text,
	"recorded_at" timestamp with time zone NOT NULL,
	"recorded_by" uuid
);
--> statement-breakpoint
CREATE TABLE "missing_episodes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"missing_from" text NOT NULL,
	"missing_type" text,
	"reported_missing_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone,
	"police_reference" text,
	"risk_grade" text NOT NULL,
	"circumstances" text,
	"reported_by" text,
	"returned_at" timestamp with time zone,
	"found_description" text,
	"found_postcode" text,
	"found_latitude" double precision,
	"found_longitude" double precision,
	"return_method" text,
	"return_condition" text,
	"recorded_at" timestamp with time zone NOT NULL,
	"recorded_by" uuid,
	"recorded_by_team_id" uuid,
	"return_recorded_at" timestamp with time zone,
	"return_recorded_by" uuid,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "missing_episodes_from_check" CHECK (missing_from in ('home','care','education','other')),
	CONSTRAINT "missing_episodes_type_check" CHECK (missing_type is null or missing_type in ('M','A')),
	CONSTRAINT "missing_episodes_grade_check" CHECK (risk_grade in ('very-low','low','medium','high')),
	CONSTRAINT "missing_episodes_times_check" CHECK ((last_seen_at is null or last_seen_at <= reported_missing_at) and (returned_at is null or returned_at >= reported_missing_at))
);
--> statement-breakpoint
CREATE TABLE "missing_risk_gradings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"episode_id" uuid NOT NULL,
	"grade" text NOT NULL,
	"graded_at" timestamp with time zone NOT NULL,
	"graded_by" uuid,
	"reason" text,
	CONSTRAINT "missing_risk_gradings_grade_check" CHECK (grade in ('very-low','low','medium','high'))
);
--> statement-breakpoint
CREATE TABLE "missing_settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
CREATE TABLE "return_interviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"episode_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"due_by" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'due' NOT NULL,
	"status_reason" text,
	"provider_team_id" uuid,
	"offered_at" timestamp with time zone,
	"held_at" timestamp with time zone,
	"interviewer_name" text,
	"why_went" text,
	"where_went" text,
	"with_whom" text,
	"harm" text,
	"push_factors" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"pull_factors" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"disclosures" text,
	"childs_words" text,
	"actions" text,
	"referrals" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"carer_information" text,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "return_interviews_status_check" CHECK (status in ('due','offered','accepted','declined','completed','not-possible'))
);
--> statement-breakpoint
ALTER TABLE "alert_rules" ADD CONSTRAINT "alert_rules_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_acknowledged_by_users_id_fk" FOREIGN KEY ("acknowledged_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "missing_episode_associates" ADD CONSTRAINT "missing_episode_associates_episode_id_missing_episodes_id_fk" FOREIGN KEY ("episode_id") REFERENCES "public"."missing_episodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "missing_episode_associates" ADD CONSTRAINT "missing_episode_associates_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "missing_episode_associates" ADD CONSTRAINT "missing_episode_associates_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "missing_episodes" ADD CONSTRAINT "missing_episodes_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "missing_episodes" ADD CONSTRAINT "missing_episodes_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "missing_episodes" ADD CONSTRAINT "missing_episodes_recorded_by_team_id_teams_id_fk" FOREIGN KEY ("recorded_by_team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "missing_episodes" ADD CONSTRAINT "missing_episodes_return_recorded_by_users_id_fk" FOREIGN KEY ("return_recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "missing_risk_gradings" ADD CONSTRAINT "missing_risk_gradings_episode_id_missing_episodes_id_fk" FOREIGN KEY ("episode_id") REFERENCES "public"."missing_episodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "missing_risk_gradings" ADD CONSTRAINT "missing_risk_gradings_graded_by_users_id_fk" FOREIGN KEY ("graded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "missing_settings" ADD CONSTRAINT "missing_settings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "return_interviews" ADD CONSTRAINT "return_interviews_episode_id_missing_episodes_id_fk" FOREIGN KEY ("episode_id") REFERENCES "public"."missing_episodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "return_interviews" ADD CONSTRAINT "return_interviews_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "return_interviews" ADD CONSTRAINT "return_interviews_provider_team_id_teams_id_fk" FOREIGN KEY ("provider_team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "return_interviews" ADD CONSTRAINT "return_interviews_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "alert_rules_key" ON "alert_rules" USING btree ("key");--> statement-breakpoint
CREATE INDEX "alerts_person_idx" ON "alerts" USING btree ("person_id","raised_at");--> statement-breakpoint
CREATE INDEX "alerts_owner_idx" ON "alerts" USING btree ("owner_role","status");--> statement-breakpoint
CREATE INDEX "missing_episode_associates_episode_idx" ON "missing_episode_associates" USING btree ("episode_id");--> statement-breakpoint
CREATE INDEX "missing_episode_associates_person_idx" ON "missing_episode_associates" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "missing_episodes_person_idx" ON "missing_episodes" USING btree ("person_id","reported_missing_at");--> statement-breakpoint
CREATE INDEX "missing_episodes_open_idx" ON "missing_episodes" USING btree ("reported_missing_at") WHERE returned_at is null;--> statement-breakpoint
CREATE INDEX "missing_risk_gradings_episode_idx" ON "missing_risk_gradings" USING btree ("episode_id","graded_at");--> statement-breakpoint
CREATE UNIQUE INDEX "return_interviews_episode_key" ON "return_interviews" USING btree ("episode_id");--> statement-breakpoint
CREATE INDEX "return_interviews_due_idx" ON "return_interviews" USING btree ("due_by") WHERE status in ('due','offered','accepted');--> statement-breakpoint
CREATE INDEX "return_interviews_person_idx" ON "return_interviews" USING btree ("person_id");