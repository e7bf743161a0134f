CREATE TABLE "duplicate_candidates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"other_person_id" uuid NOT NULL,
	"probability" double precision NOT NULL,
	"match_weight" double precision NOT NULL,
	"reasons" jsonb NOT NULL,
	"source" text NOT NULL,
	"found_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"decision_reason" text,
	"merge_id" uuid,
	CONSTRAINT "duplicate_candidates_order_check" CHECK (person_id < other_person_id),
	CONSTRAINT "duplicate_candidates_status_check" CHECK (status in ('open','merged','not-duplicate')),
	CONSTRAINT "duplicate_candidates_source_check" CHECK (source in ('index-scan','created-despite-match','import')),
	CONSTRAINT "duplicate_candidates_decision_check" CHECK (status = 'open' or (decided_by is not null and decided_at is not null and decision_reason is not null))
);
--> statement-breakpoint
CREATE TABLE "person_merges" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"surviving_person_id" uuid NOT NULL,
	"merged_person_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"merged_by" uuid NOT NULL,
	"merged_at" timestamp with time zone NOT NULL,
	"moved" jsonb NOT NULL,
	"unmerged_by" uuid,
	"unmerged_at" timestamp with time zone,
	"unmerge_reason" text,
	CONSTRAINT "person_merges_not_self_check" CHECK (surviving_person_id <> merged_person_id),
	CONSTRAINT "person_merges_unmerge_check" CHECK ((unmerged_at is null) = (unmerged_by is null) and (unmerged_at is null) = (unmerge_reason is null))
);
--> statement-breakpoint
CREATE TABLE "import_rows" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"import_id" uuid NOT NULL,
	"line_number" integer NOT NULL,
	"data" jsonb NOT NULL,
	"outcome" text,
	"person_id" uuid,
	"candidate_person_id" uuid,
	"probability" double precision,
	"reasons" jsonb,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"decision_reason" text,
	CONSTRAINT "import_rows_outcome_check" CHECK (outcome is null or outcome in ('matched','created','review','accepted','rejected'))
);
--> statement-breakpoint
CREATE TABLE "import_sources" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agency_id" uuid NOT NULL,
	"name" text NOT NULL,
	"mapping" jsonb NOT NULL,
	"encoding" text DEFAULT 'utf-8' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"source_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"file_sha256" text NOT NULL,
	"status" text DEFAULT 'matching' NOT NULL,
	"row_count" integer NOT NULL,
	"processed_count" integer DEFAULT 0 NOT NULL,
	"uploaded_by" uuid NOT NULL,
	"uploaded_at" timestamp with time zone NOT NULL,
	"completed_at" timestamp with time zone,
	CONSTRAINT "imports_status_check" CHECK (status in ('matching','awaiting-review','completed')),
	CONSTRAINT "imports_progress_check" CHECK (processed_count between 0 and row_count)
);
--> statement-breakpoint
CREATE TABLE "person_source_records" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"source_id" uuid NOT NULL,
	"source_record_id" text NOT NULL,
	"import_row_id" uuid,
	"linked_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "merged_into_id" uuid;--> statement-breakpoint
ALTER TABLE "duplicate_candidates" ADD CONSTRAINT "duplicate_candidates_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duplicate_candidates" ADD CONSTRAINT "duplicate_candidates_other_person_id_people_id_fk" FOREIGN KEY ("other_person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duplicate_candidates" ADD CONSTRAINT "duplicate_candidates_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_merges" ADD CONSTRAINT "person_merges_surviving_person_id_people_id_fk" FOREIGN KEY ("surviving_person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_merges" ADD CONSTRAINT "person_merges_merged_person_id_people_id_fk" FOREIGN KEY ("merged_person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_merges" ADD CONSTRAINT "person_merges_merged_by_users_id_fk" FOREIGN KEY ("merged_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_merges" ADD CONSTRAINT "person_merges_unmerged_by_users_id_fk" FOREIGN KEY ("unmerged_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_rows" ADD CONSTRAINT "import_rows_import_id_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."imports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_rows" ADD CONSTRAINT "import_rows_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_rows" ADD CONSTRAINT "import_rows_candidate_person_id_people_id_fk" FOREIGN KEY ("candidate_person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_rows" ADD CONSTRAINT "import_rows_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_sources" ADD CONSTRAINT "import_sources_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_sources" ADD CONSTRAINT "import_sources_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "imports" ADD CONSTRAINT "imports_source_id_import_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."import_sources"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "imports" ADD CONSTRAINT "imports_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_source_records" ADD CONSTRAINT "person_source_records_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_source_records" ADD CONSTRAINT "person_source_records_source_id_import_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."import_sources"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_source_records" ADD CONSTRAINT "person_source_records_import_row_id_import_rows_id_fk" FOREIGN KEY ("import_row_id") REFERENCES "public"."import_rows"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "duplicate_candidates_pair_key" ON "duplicate_candidates" USING btree ("person_id","other_person_id");--> statement-breakpoint
CREATE INDEX "duplicate_candidates_status_idx" ON "duplicate_candidates" USING btree ("status","probability");--> statement-breakpoint
CREATE INDEX "duplicate_candidates_other_idx" ON "duplicate_candidates" USING btree ("other_person_id");--> statement-breakpoint
CREATE INDEX "person_merges_surviving_idx" ON "person_merges" USING btree ("surviving_person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "person_merges_merged_active_key" ON "person_merges" USING btree ("merged_person_id") WHERE unmerged_at is null;--> statement-breakpoint
CREATE UNIQUE INDEX "import_rows_line_key" ON "import_rows" USING btree ("import_id","line_number");--> statement-breakpoint
CREATE INDEX "import_rows_review_idx" ON "import_rows" USING btree ("import_id","outcome");--> statement-breakpoint
CREATE UNIQUE INDEX "import_sources_agency_name_key" ON "import_sources" USING btree ("agency_id",lower("name"));--> statement-breakpoint
CREATE INDEX "imports_status_idx" ON "imports" USING btree ("status");--> statement-breakpoint
CREATE UNIQUE INDEX "person_source_records_key" ON "person_source_records" USING btree ("source_id","source_record_id");--> statement-breakpoint
CREATE INDEX "person_source_records_person_idx" ON "person_source_records" USING btree ("person_id");--> statement-breakpoint
ALTER TABLE "people" ADD CONSTRAINT "people_merged_into_id_people_id_fk" FOREIGN KEY ("merged_into_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "people_merged_into_idx" ON "people" USING btree ("merged_into_id");