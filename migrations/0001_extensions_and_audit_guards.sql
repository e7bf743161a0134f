-- Fuzzy matching for "is this child known?" (issue: person index). Both are trusted extensions.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS fuzzystrmatch;
--> statement-breakpoint
-- The audit log is append-only: no UPDATE, DELETE or TRUNCATE, whoever asks. On PostgreSQL with two roles the
-- application role also lacks the privileges (see src/platform/db/migrate.ts); the triggers stop the owner too,
-- so that tampering needs a deliberate, visible DISABLE TRIGGER by a superuser — and then the chain catches it.
CREATE OR REPLACE FUNCTION audit_events_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_events_no_update_delete BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_reject_change();
--> statement-breakpoint
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_reject_change();
--> statement-breakpoint
ALTER TABLE legitimate_relationships ADD CONSTRAINT legitimate_relationships_person_fk FOREIGN KEY (person_id) REFERENCES people(id);
--> statement-breakpoint
ALTER TABLE record_protections ADD CONSTRAINT record_protections_person_fk FOREIGN KEY (person_id) REFERENCES people(id);
--> statement-breakpoint
ALTER TABLE sealed_record_access ADD CONSTRAINT sealed_record_access_person_fk FOREIGN KEY (person_id) REFERENCES people(id);
--> statement-breakpoint
ALTER TABLE break_glass_grants ADD CONSTRAINT break_glass_grants_person_fk FOREIGN KEY (person_id) REFERENCES people(id);
