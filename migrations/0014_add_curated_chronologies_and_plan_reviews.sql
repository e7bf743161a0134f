CREATE TABLE "plan_reviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"reviewed_on" date NOT NULL,
	"outcome" text NOT NULL,
	"next_review_on" date,
	"recorded_at" timestamp with time zone NOT NULL,
	"recorded_by" uuid,
	"agency_id" uuid,
	CONSTRAINT "plan_reviews_next_check" CHECK (next_review_on is null or next_review_on > reviewed_on)
);
--> statement-breakpoint
CREATE TABLE "curated_chronologies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"title" text NOT NULL,
	"agency_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "curated_chronologies_title_check" CHECK (length(trim(title)) > 0)
);
--> statement-breakpoint
CREATE TABLE "curated_chronology_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"chronology_id" uuid NOT NULL,
	"item_type" text NOT NULL,
	"source_id" text NOT NULL,
	"note" text
);
--> statement-breakpoint
ALTER TABLE "case_plans" ADD COLUMN "end_reason" text;--> statement-breakpoint
ALTER TABLE "case_plans" ADD COLUMN "ended_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "case_plans" ADD COLUMN "ended_by" uuid;--> statement-breakpoint
ALTER TABLE "nrm_referrals" ADD COLUMN "updated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "nrm_referrals" ADD COLUMN "updated_by" uuid;--> statement-breakpoint
ALTER TABLE "plan_actions" ADD COLUMN "cancel_reason" text;--> statement-breakpoint
ALTER TABLE "plan_actions" ADD COLUMN "status_changed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "plan_actions" ADD COLUMN "status_changed_by" uuid;--> statement-breakpoint
ALTER TABLE "plan_reviews" ADD CONSTRAINT "plan_reviews_plan_id_case_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."case_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_reviews" ADD CONSTRAINT "plan_reviews_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_reviews" ADD CONSTRAINT "plan_reviews_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "curated_chronologies" ADD CONSTRAINT "curated_chronologies_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "curated_chronologies" ADD CONSTRAINT "curated_chronologies_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "curated_chronologies" ADD CONSTRAINT "curated_chronologies_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "curated_chronology_entries" ADD CONSTRAINT "curated_chronology_entries_chronology_id_curated_chronologies_id_fk" FOREIGN KEY ("chronology_id") REFERENCES "public"."curated_chronologies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "plan_reviews_plan_idx" ON "plan_reviews" USING btree ("plan_id","reviewed_on");--> statement-breakpoint
CREATE INDEX "curated_chronologies_person_idx" ON "curated_chronologies" USING btree ("person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "curated_chronology_entries_item_key" ON "curated_chronology_entries" USING btree ("chronology_id","item_type","source_id");--> statement-breakpoint
ALTER TABLE "case_plans" ADD CONSTRAINT "case_plans_ended_by_users_id_fk" FOREIGN KEY ("ended_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nrm_referrals" ADD CONSTRAINT "nrm_referrals_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_actions" ADD CONSTRAINT "plan_actions_status_changed_by_users_id_fk" FOREIGN KEY ("status_changed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_plans" ADD CONSTRAINT "case_plans_end_check" CHECK ((end_reason is null) = (ended_at is null) and (end_reason is null or ends_on is not null));--> statement-breakpoint
ALTER TABLE "nrm_referrals" ADD CONSTRAINT "nrm_referrals_order_check" CHECK ((reasonable_grounds is null) = (reasonable_grounds_on is null) and (conclusive_grounds is null) = (conclusive_grounds_on is null)
      and (reasonable_grounds_on is null or reasonable_grounds_on >= referred_on)
      and (conclusive_grounds is null or (reasonable_grounds = 'positive' and conclusive_grounds_on >= reasonable_grounds_on)));--> statement-breakpoint
ALTER TABLE "plan_actions" ADD CONSTRAINT "plan_actions_status_check" CHECK (status in ('not-started','in-progress','done','cancelled') and (status = 'cancelled') = (cancel_reason is not null));--> statement-breakpoint
-- The chronology module does not import the people module's tables (ARCHITECTURE.md §2; the architecture test), so
-- its foreign key to people is hand-written here, as migration 0012 does for the exploitation module.
ALTER TABLE curated_chronologies ADD CONSTRAINT curated_chronologies_person_fk FOREIGN KEY (person_id) REFERENCES people(id);
