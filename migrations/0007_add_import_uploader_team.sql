ALTER TABLE "imports" ADD COLUMN "uploaded_by_team_id" uuid NOT NULL;--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "ignored_columns" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "imports" ADD CONSTRAINT "imports_uploaded_by_team_id_teams_id_fk" FOREIGN KEY ("uploaded_by_team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "imports_source_file_key" ON "imports" USING btree ("source_id","file_sha256");