CREATE TABLE "insight_board_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"quarter" text NOT NULL,
	"period_from" text NOT NULL,
	"period_to" text NOT NULL,
	"status" text NOT NULL,
	"steps_done" integer DEFAULT 0 NOT NULL,
	"steps_total" integer NOT NULL,
	"current_step" text,
	"failure_reason" text,
	"snapshot" jsonb DEFAULT '{"sections":[]}'::jsonb NOT NULL,
	"commentary" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"requested_by" uuid NOT NULL,
	"requested_by_name" text NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"completed_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL,
	"pdf" "bytea",
	"xlsx" "bytea",
	CONSTRAINT "insight_board_reports_status_check" CHECK (status in ('queued','building','ready','failed')),
	CONSTRAINT "insight_board_reports_steps_check" CHECK (steps_done >= 0 and steps_done <= steps_total),
	CONSTRAINT "insight_board_reports_ready_check" CHECK (status <> 'ready' or (pdf is not null and xlsx is not null and completed_at is not null)),
	CONSTRAINT "insight_board_reports_failed_check" CHECK (status <> 'failed' or failure_reason is not null)
);
--> statement-breakpoint
ALTER TABLE "insight_board_reports" ADD CONSTRAINT "insight_board_reports_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "insight_board_reports_requested_idx" ON "insight_board_reports" USING btree ("requested_at");