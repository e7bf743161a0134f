CREATE TABLE "insight_neighbour_datasets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partnership_name" text NOT NULL,
	"period_from" text NOT NULL,
	"period_to" text NOT NULL,
	"generated_at" timestamp with time zone NOT NULL,
	"file_name" text NOT NULL,
	"payload" jsonb NOT NULL,
	"uploaded_by" uuid NOT NULL,
	"uploaded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "insight_neighbour_datasets" ADD CONSTRAINT "insight_neighbour_datasets_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "insight_neighbour_datasets_uploaded_idx" ON "insight_neighbour_datasets" USING btree ("uploaded_at");