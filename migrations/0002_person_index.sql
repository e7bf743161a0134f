CREATE TABLE "person_addresses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"address_line1" text,
	"address_line2" text,
	"town" text,
	"postcode" text,
	"starts_on" date,
	"ends_on" date,
	"source_agency_id" uuid,
	"recorded_at" timestamp with time zone NOT NULL,
	"recorded_by" uuid,
	CONSTRAINT "person_addresses_something_check" CHECK (address_line1 is not null or postcode is not null),
	CONSTRAINT "person_addresses_period_check" CHECK (ends_on is null or starts_on is null or ends_on >= starts_on)
);
--> statement-breakpoint
CREATE TABLE "person_contacts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"type" text NOT NULL,
	"value" text NOT NULL,
	"platform" text,
	"starts_on" date,
	"ends_on" date,
	"source_agency_id" uuid,
	"recorded_at" timestamp with time zone NOT NULL,
	"recorded_by" uuid,
	CONSTRAINT "person_contacts_type_check" CHECK (type in ('phone','email','social-media')),
	CONSTRAINT "person_contacts_platform_check" CHECK ((type = 'social-media') = (platform is not null)),
	CONSTRAINT "person_contacts_period_check" CHECK (ends_on is null or starts_on is null or ends_on >= starts_on)
);
--> statement-breakpoint
CREATE TABLE "person_identifiers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"type" text NOT NULL,
	"value" text NOT NULL,
	"issuer" text,
	"source_agency_id" uuid,
	"recorded_at" timestamp with time zone NOT NULL,
	"recorded_by" uuid,
	CONSTRAINT "person_identifiers_type_check" CHECK (type in ('nhs-number','upn','police-id','la-id','other')),
	CONSTRAINT "person_identifiers_nhs_shape_check" CHECK (type <> 'nhs-number' or value ~ '^[0-9]{10}$'),
	CONSTRAINT "person_identifiers_upn_shape_check" CHECK (type <> 'upn' or value ~ '^[A-Z][0-9]{11}[0-9A-Z]$')
);
--> statement-breakpoint
CREATE TABLE "person_names" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"given_name" text,
	"middle_names" text,
	"family_name" text,
	"starts_on" date,
	"ends_on" date,
	"source_agency_id" uuid,
	"recorded_at" timestamp with time zone NOT NULL,
	"recorded_by" uuid,
	CONSTRAINT "person_names_kind_check" CHECK (kind in ('current','previous','alias')),
	CONSTRAINT "person_names_some_name_check" CHECK (given_name is not null or family_name is not null),
	CONSTRAINT "person_names_period_check" CHECK (ends_on is null or starts_on is null or ends_on >= starts_on)
);
--> statement-breakpoint
CREATE TABLE "person_relationships" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"related_person_id" uuid NOT NULL,
	"type" text NOT NULL,
	"starts_on" date,
	"ends_on" date,
	"source_agency_id" uuid,
	"recorded_at" timestamp with time zone NOT NULL,
	"recorded_by" uuid,
	CONSTRAINT "person_relationships_type_check" CHECK (type in ('parent','carer','sibling','associate','person-of-concern')),
	CONSTRAINT "person_relationships_not_self_check" CHECK (person_id <> related_person_id),
	CONSTRAINT "person_relationships_period_check" CHECK (ends_on is null or starts_on is null or ends_on >= starts_on)
);
--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "language" text;--> statement-breakpoint
ALTER TABLE "person_addresses" ADD CONSTRAINT "person_addresses_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_addresses" ADD CONSTRAINT "person_addresses_source_agency_id_agencies_id_fk" FOREIGN KEY ("source_agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_addresses" ADD CONSTRAINT "person_addresses_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_contacts" ADD CONSTRAINT "person_contacts_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_contacts" ADD CONSTRAINT "person_contacts_source_agency_id_agencies_id_fk" FOREIGN KEY ("source_agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_contacts" ADD CONSTRAINT "person_contacts_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_identifiers" ADD CONSTRAINT "person_identifiers_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_identifiers" ADD CONSTRAINT "person_identifiers_source_agency_id_agencies_id_fk" FOREIGN KEY ("source_agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_identifiers" ADD CONSTRAINT "person_identifiers_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_names" ADD CONSTRAINT "person_names_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_names" ADD CONSTRAINT "person_names_source_agency_id_agencies_id_fk" FOREIGN KEY ("source_agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_names" ADD CONSTRAINT "person_names_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_relationships" ADD CONSTRAINT "person_relationships_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_relationships" ADD CONSTRAINT "person_relationships_related_person_id_people_id_fk" FOREIGN KEY ("related_person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_relationships" ADD CONSTRAINT "person_relationships_source_agency_id_agencies_id_fk" FOREIGN KEY ("source_agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_relationships" ADD CONSTRAINT "person_relationships_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "person_addresses_person_idx" ON "person_addresses" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "person_addresses_postcode_idx" ON "person_addresses" USING btree ("postcode");--> statement-breakpoint
CREATE INDEX "person_contacts_person_idx" ON "person_contacts" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "person_contacts_value_idx" ON "person_contacts" USING btree ("type",lower("value"));--> statement-breakpoint
CREATE INDEX "person_identifiers_value_idx" ON "person_identifiers" USING btree ("type","value");--> statement-breakpoint
CREATE UNIQUE INDEX "person_identifiers_person_value_key" ON "person_identifiers" USING btree ("person_id","type","value");--> statement-breakpoint
CREATE INDEX "person_names_person_idx" ON "person_names" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "person_names_family_trgm_idx" ON "person_names" USING gin (lower("family_name") gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "person_names_given_trgm_idx" ON "person_names" USING gin (lower("given_name") gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "person_relationships_person_idx" ON "person_relationships" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "person_relationships_related_idx" ON "person_relationships" USING btree ("related_person_id");--> statement-breakpoint
CREATE INDEX "people_family_name_trgm_idx" ON "people" USING gin (lower("family_name") gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "people_given_name_trgm_idx" ON "people" USING gin (lower("given_name") gin_trgm_ops);--> statement-breakpoint
-- Backfill (hand-written): every existing person's name becomes their `current` name row and their address, if
-- any, their open address row, so person_names and person_addresses agree with people from the start (ADR 0007).
INSERT INTO "person_names" ("person_id", "kind", "given_name", "middle_names", "family_name", "recorded_at", "recorded_by")
  SELECT "id", 'current', "given_name", "middle_names", "family_name", "created_at", "created_by" FROM "people";
--> statement-breakpoint
INSERT INTO "person_addresses" ("person_id", "address_line1", "address_line2", "town", "postcode", "recorded_at", "recorded_by")
  SELECT "id", "address_line1", "address_line2", "town", "postcode", "created_at", "created_by" FROM "people"
  WHERE "address_line1" IS NOT NULL OR "postcode" IS NOT NULL;
