CREATE TABLE "insight_pseudonym_keys" (
	"scope" text PRIMARY KEY NOT NULL,
	"key" "bytea" NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
