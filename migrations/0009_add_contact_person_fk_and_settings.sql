-- contacts.person_id → people: added here because the contacts module's schema does not import the people
-- module's tables (ARCHITECTURE.md §2, as migration 0001 does for the access tables).
ALTER TABLE contacts ADD CONSTRAINT contacts_person_fk FOREIGN KEY (person_id) REFERENCES people(id);
--> statement-breakpoint
-- The partnership's contact settings as configuration rows (ARCHITECTURE.md §5), with the defaults of issue 4:
-- a decision within 4 hours (red), 24 hours (amber) or 72 hours (green) of receipt; repeat contacts flagged within
-- 12 months (the DfE re-referral window).
INSERT INTO contact_settings (key, value, updated_at) VALUES
  ('ragTimescaleHours', '{"red": 4, "amber": 24, "green": 72}'::jsonb, now()),
  ('repeatContactWindowDays', '365'::jsonb, now())
ON CONFLICT (key) DO NOTHING;
