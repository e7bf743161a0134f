CREATE TABLE "person_search_keys" (
	"person_id" uuid NOT NULL,
	"key" text NOT NULL,
	"birth_year" smallint
);
--> statement-breakpoint
ALTER TABLE "person_search_keys" ADD CONSTRAINT "person_search_keys_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "person_search_keys_key_idx" ON "person_search_keys" USING btree ("key","birth_year","person_id");--> statement-breakpoint
CREATE INDEX "person_search_keys_person_idx" ON "person_search_keys" USING btree ("person_id");--> statement-breakpoint
-- No SQL backfill: the keys are Double Metaphone codes and nickname groups computed in TypeScript (the same code the
-- linkage engine scores with). At start-up, after migrations, an empty person_search_keys with people present is
-- filled from people, person_names, person_addresses and person_identifiers (ADR 0008, backfillSearchKeys).
