CREATE TABLE "vulnerable_object_stamp" (
	"id" integer PRIMARY KEY NOT NULL,
	"n" bigint NOT NULL
);
