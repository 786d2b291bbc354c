ALTER TABLE "consequence_damaged_object" ADD COLUMN "recorded_by_id" uuid;--> statement-breakpoint
ALTER TABLE "consequence_env_check" ADD COLUMN "recorded_by_id" uuid;