CREATE TABLE "consequence_damaged_object" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"activation_id" uuid NOT NULL,
	"name" text NOT NULL,
	"address" text DEFAULT '' NOT NULL,
	"object_id" uuid,
	"damage" text NOT NULL,
	"assessment" text DEFAULT '' NOT NULL,
	"restoration" jsonb NOT NULL,
	"cost_tenge" bigint,
	"done_on" date,
	"recorded_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "consequence_env_check" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"activation_id" uuid NOT NULL,
	"damaged_object_id" uuid,
	"kind" text NOT NULL,
	"place" text NOT NULL,
	"checked_at" timestamp with time zone NOT NULL,
	"result" text NOT NULL,
	"findings" text DEFAULT '' NOT NULL,
	"body_id" uuid,
	"recorded_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "consequence_statement" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"activation_id" uuid NOT NULL,
	"territory_code" text NOT NULL,
	"territory_path" text NOT NULL,
	"text_kk" text NOT NULL,
	"text_ru" text NOT NULL,
	"text_en" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"author_id" uuid NOT NULL,
	"author_name" text NOT NULL,
	"author_body_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"approved_at" timestamp with time zone,
	"approved_by" uuid,
	"approved_by_name" text,
	"withdrawn_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "consequence_damaged_object" ADD CONSTRAINT "consequence_damaged_object_activation_id_consequence_activation_id_fk" FOREIGN KEY ("activation_id") REFERENCES "public"."consequence_activation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consequence_env_check" ADD CONSTRAINT "consequence_env_check_activation_id_consequence_activation_id_fk" FOREIGN KEY ("activation_id") REFERENCES "public"."consequence_activation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consequence_env_check" ADD CONSTRAINT "consequence_env_check_damaged_object_id_consequence_damaged_object_id_fk" FOREIGN KEY ("damaged_object_id") REFERENCES "public"."consequence_damaged_object"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consequence_env_check" ADD CONSTRAINT "consequence_env_check_body_id_body_id_fk" FOREIGN KEY ("body_id") REFERENCES "public"."body"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consequence_statement" ADD CONSTRAINT "consequence_statement_activation_id_consequence_activation_id_fk" FOREIGN KEY ("activation_id") REFERENCES "public"."consequence_activation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consequence_statement" ADD CONSTRAINT "consequence_statement_territory_code_territory_code_fk" FOREIGN KEY ("territory_code") REFERENCES "public"."territory"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consequence_statement" ADD CONSTRAINT "consequence_statement_author_body_id_body_id_fk" FOREIGN KEY ("author_body_id") REFERENCES "public"."body"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "consequence_damaged_object_activation_idx" ON "consequence_damaged_object" USING btree ("activation_id");--> statement-breakpoint
CREATE INDEX "consequence_env_check_activation_idx" ON "consequence_env_check" USING btree ("activation_id","checked_at");--> statement-breakpoint
CREATE INDEX "consequence_env_check_object_idx" ON "consequence_env_check" USING btree ("damaged_object_id");--> statement-breakpoint
CREATE INDEX "consequence_env_check_body_idx" ON "consequence_env_check" USING btree ("body_id");--> statement-breakpoint
CREATE INDEX "consequence_statement_activation_idx" ON "consequence_statement" USING btree ("activation_id");--> statement-breakpoint
CREATE INDEX "consequence_statement_body_idx" ON "consequence_statement" USING btree ("author_body_id");--> statement-breakpoint
CREATE INDEX "consequence_statement_published_idx" ON "consequence_statement" USING btree ("approved_at") WHERE "consequence_statement"."status" = 'approved';