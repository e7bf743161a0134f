-- The missing and alerts modules do not import the people module's tables (ARCHITECTURE.md §2; the architecture
-- test), so their foreign keys to people are hand-written here, as migrations 0001 and 0009 do for other modules.
-- 0006 created them from the schema files; they are renamed to the hand-written form (same constraint, new name).
ALTER TABLE "alerts" DROP CONSTRAINT "alerts_person_id_people_id_fk";
--> statement-breakpoint
ALTER TABLE "missing_episode_associates" DROP CONSTRAINT "missing_episode_associates_person_id_people_id_fk";
--> statement-breakpoint
ALTER TABLE "missing_episodes" DROP CONSTRAINT "missing_episodes_person_id_people_id_fk";
--> statement-breakpoint
ALTER TABLE "return_interviews" DROP CONSTRAINT "return_interviews_person_id_people_id_fk";
--> statement-breakpoint
ALTER TABLE alerts ADD CONSTRAINT alerts_person_fk FOREIGN KEY (person_id) REFERENCES people(id);
--> statement-breakpoint
ALTER TABLE missing_episode_associates ADD CONSTRAINT missing_episode_associates_person_fk FOREIGN KEY (person_id) REFERENCES people(id);
--> statement-breakpoint
ALTER TABLE missing_episodes ADD CONSTRAINT missing_episodes_person_fk FOREIGN KEY (person_id) REFERENCES people(id);
--> statement-breakpoint
ALTER TABLE return_interviews ADD CONSTRAINT return_interviews_person_fk FOREIGN KEY (person_id) REFERENCES people(id);
