CREATE TABLE "contact_research_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"contact_id" uuid NOT NULL,
	"desk_team_id" uuid NOT NULL,
	"agency_name" text NOT NULL,
	"agency_type" text NOT NULL,
	"question" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"requested_by" uuid NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"due_by" timestamp with time zone NOT NULL,
	"answer" text,
	"information" text,
	"lawful_basis" text,
	"special_category_condition" text,
	"answered_by" uuid,
	"answered_at" timestamp with time zone,
	"withdrawn_by" uuid,
	"withdrawn_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "contact_research_requests_status_check" CHECK (status in ('open','answered','withdrawn')),
	CONSTRAINT "contact_research_requests_answer_check" CHECK ((status = 'answered') = (answer is not null) and (answer is null or (answered_by is not null and answered_at is not null))),
	CONSTRAINT "contact_research_requests_shared_check" CHECK (answer is distinct from 'information-shared' or (information is not null and lawful_basis is not null)),
	CONSTRAINT "contact_research_requests_withdrawn_check" CHECK ((status = 'withdrawn') = (withdrawn_at is not null))
);
--> statement-breakpoint
ALTER TABLE "contact_research_requests" ADD CONSTRAINT "contact_research_requests_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_research_requests" ADD CONSTRAINT "contact_research_requests_desk_team_id_teams_id_fk" FOREIGN KEY ("desk_team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_research_requests" ADD CONSTRAINT "contact_research_requests_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_research_requests" ADD CONSTRAINT "contact_research_requests_answered_by_users_id_fk" FOREIGN KEY ("answered_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_research_requests" ADD CONSTRAINT "contact_research_requests_withdrawn_by_users_id_fk" FOREIGN KEY ("withdrawn_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "contact_research_requests_contact_idx" ON "contact_research_requests" USING btree ("contact_id","requested_at");--> statement-breakpoint
CREATE INDEX "contact_research_requests_desk_idx" ON "contact_research_requests" USING btree ("desk_team_id","status","due_by");--> statement-breakpoint
-- Hand-written: the default deadlines for partner research answers, by the contact's RAG (hours from the request),
-- well inside the decision timescales (red 4 h, amber 24 h, green 72 h) so that answers inform the decision.
INSERT INTO contact_settings (key, value, updated_at) VALUES
  ('researchTimescaleHours', '{"red": 2, "amber": 12, "green": 48}'::jsonb, now())
ON CONFLICT (key) DO NOTHING;
