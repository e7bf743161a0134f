CREATE TABLE "cme_actions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"action_on" date NOT NULL,
	"action_type" text NOT NULL,
	"details" text,
	"outcome" text NOT NULL,
	"taken_by" text NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	"recorded_by" uuid,
	CONSTRAINT "cme_actions_type_check" CHECK (action_type in ('home-visit','contact-family','contact-school','contact-other-la','check-databases','contact-health','contact-police','contact-social-care','other'))
);
--> statement-breakpoint
CREATE TABLE "cme_cases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"identified_on" date NOT NULL,
	"source" text NOT NULL,
	"reason" text NOT NULL,
	"reason_note" text,
	"last_school" text,
	"status" text NOT NULL,
	"closed_on" date,
	"closure_reason" text,
	"closure_note" text,
	"closed_at" timestamp with time zone,
	"closed_by" uuid,
	"recorded_at" timestamp with time zone NOT NULL,
	"recorded_by" uuid,
	"recorded_by_team_id" uuid,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "cme_cases_source_check" CHECK (source in ('removed-from-roll','admissions','other-local-authority','other-agency','parent-or-carer','member-of-public','other')),
	CONSTRAINT "cme_cases_reason_check" CHECK (reason in ('removed-without-destination','moved-away-unknown','not-taking-up-place','home-education-concern','excluded-not-in-ap','other')),
	CONSTRAINT "cme_cases_status_check" CHECK (status in ('open','closed')),
	CONSTRAINT "cme_cases_closure_reason_check" CHECK (closure_reason is null or closure_reason in ('registered-at-school','suitable-education-otherwise','on-roll-elsewhere','left-country','end-of-compulsory-school-age','other')),
	CONSTRAINT "cme_cases_closure_check" CHECK ((status = 'open' and closed_on is null and closure_reason is null and closed_at is null)
          or (status = 'closed' and closed_on is not null and closure_reason is not null and closed_at is not null and closed_on >= identified_on)),
	CONSTRAINT "cme_cases_other_note_check" CHECK ((reason <> 'other' or reason_note is not null) and (closure_reason is distinct from 'other' or closure_note is not null))
);
--> statement-breakpoint
ALTER TABLE "cme_actions" ADD CONSTRAINT "cme_actions_case_id_cme_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cme_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cme_actions" ADD CONSTRAINT "cme_actions_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cme_cases" ADD CONSTRAINT "cme_cases_closed_by_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cme_cases" ADD CONSTRAINT "cme_cases_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cme_cases" ADD CONSTRAINT "cme_cases_recorded_by_team_id_teams_id_fk" FOREIGN KEY ("recorded_by_team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cme_actions_case_idx" ON "cme_actions" USING btree ("case_id","action_on");--> statement-breakpoint
CREATE INDEX "cme_cases_person_idx" ON "cme_cases" USING btree ("person_id","identified_on");--> statement-breakpoint
CREATE UNIQUE INDEX "cme_cases_one_open_idx" ON "cme_cases" USING btree ("person_id") WHERE status = 'open';--> statement-breakpoint
-- Hand-written (ARCHITECTURE.md §2): the education module does not import the people module's tables.
ALTER TABLE cme_cases ADD CONSTRAINT cme_cases_person_fk FOREIGN KEY (person_id) REFERENCES people(id);
