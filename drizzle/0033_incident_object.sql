ALTER TABLE "incident" ADD COLUMN "object_id" uuid;--> statement-breakpoint
ALTER TABLE "incident" ADD CONSTRAINT "incident_object_id_vulnerable_object_id_fk" FOREIGN KEY ("object_id") REFERENCES "public"."vulnerable_object"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "incident_object_idx" ON "incident" USING btree ("object_id");