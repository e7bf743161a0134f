CREATE INDEX "people_insight_idx" ON "people" USING btree ("id","date_of_birth","gender","ethnicity");--> statement-breakpoint
CREATE INDEX "missing_episodes_reported_idx" ON "missing_episodes" USING btree ("reported_missing_at");--> statement-breakpoint
CREATE INDEX "missing_episodes_returned_idx" ON "missing_episodes" USING btree ("returned_at");--> statement-breakpoint
CREATE INDEX "contacts_insight_received_idx" ON "contacts" USING btree ("received_at","concern_types","person_id","child_date_of_birth","child_gender","referral_source","referrer_agency_id");