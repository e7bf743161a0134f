CREATE TABLE "missing_episode_places" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"episode_id" uuid NOT NULL,
	"description" text NOT NULL,
	"postcode" text,
	"latitude" double precision,
	"longitude" double precision,
	"source" text NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	"recorded_by" uuid,
	CONSTRAINT "missing_episode_places_source_check" CHECK (source in ('rhi','police','other')),
	CONSTRAINT "missing_episode_places_point_check" CHECK ((latitude is null) = (longitude is null)),
	CONSTRAINT "missing_episode_places_uk_check" CHECK (latitude is null or (latitude between 49.8 and 60.9 and longitude between -8.7 and 1.8))
);
--> statement-breakpoint
ALTER TABLE "missing_episode_places" ADD CONSTRAINT "missing_episode_places_episode_id_missing_episodes_id_fk" FOREIGN KEY ("episode_id") REFERENCES "public"."missing_episodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "missing_episode_places" ADD CONSTRAINT "missing_episode_places_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "missing_episode_places_episode_idx" ON "missing_episode_places" USING btree ("episode_id");