CREATE TABLE "incident_wave_checked" (
	"incident_id" uuid PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
