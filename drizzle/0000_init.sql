CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE TABLE "audit_event" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp (3) with time zone NOT NULL,
	"actor_id" uuid,
	"actor_name" text NOT NULL,
	"action" text NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text DEFAULT '' NOT NULL,
	"territory_path" text DEFAULT 'KZ' NOT NULL,
	"before" jsonb,
	"after" jsonb,
	"outcome" text NOT NULL,
	"request_id" text DEFAULT '' NOT NULL,
	"ip" text DEFAULT '' NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "app_user" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"username" text NOT NULL,
	"display_name" text NOT NULL,
	"password_hash" text NOT NULL,
	"totp_secret" text,
	"totp_enabled" boolean DEFAULT false NOT NULL,
	"failed_attempts" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"last_login_at" timestamp with time zone,
	"locale" text DEFAULT 'kk' NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "app_user_username_unique" UNIQUE("username")
);
--> statement-breakpoint
CREATE TABLE "role_grant" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"role" text NOT NULL,
	"body_id" uuid NOT NULL,
	"territory_code" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "session" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ip" text DEFAULT '' NOT NULL,
	"user_agent" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "body" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"subtype" text,
	"name_kk" text NOT NULL,
	"name_ru" text NOT NULL,
	"name_en" text DEFAULT '' NOT NULL,
	"territory_code" text NOT NULL,
	"parent_id" uuid,
	"bin" text,
	"competence" text DEFAULT '' NOT NULL,
	"address" text DEFAULT '' NOT NULL,
	"phone" text DEFAULT '' NOT NULL,
	"email" text DEFAULT '' NOT NULL,
	"capacity" integer,
	"readiness" text,
	"active" boolean DEFAULT true NOT NULL,
	"search_text" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_by" uuid
);
--> statement-breakpoint
CREATE TABLE "membership" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"group_id" uuid NOT NULL,
	"member_body_id" uuid NOT NULL,
	"role" text NOT NULL,
	"representative_name" text DEFAULT '' NOT NULL,
	"representative_position" text DEFAULT '' NOT NULL,
	"contact_phone" text DEFAULT '' NOT NULL,
	"contact_email" text DEFAULT '' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "territory" (
	"code" text PRIMARY KEY NOT NULL,
	"parent_code" text,
	"level" smallint NOT NULL,
	"type" text NOT NULL,
	"iso" text,
	"name_kk" text NOT NULL,
	"name_ru" text NOT NULL,
	"name_en" text NOT NULL,
	"path" text NOT NULL,
	"search_text" text NOT NULL,
	"has_geometry" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
ALTER TABLE "role_grant" ADD CONSTRAINT "role_grant_user_id_app_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."app_user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "role_grant" ADD CONSTRAINT "role_grant_body_id_body_id_fk" FOREIGN KEY ("body_id") REFERENCES "public"."body"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "role_grant" ADD CONSTRAINT "role_grant_territory_code_territory_code_fk" FOREIGN KEY ("territory_code") REFERENCES "public"."territory"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session" ADD CONSTRAINT "session_user_id_app_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."app_user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "body" ADD CONSTRAINT "body_territory_code_territory_code_fk" FOREIGN KEY ("territory_code") REFERENCES "public"."territory"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "membership" ADD CONSTRAINT "membership_group_id_body_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."body"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "membership" ADD CONSTRAINT "membership_member_body_id_body_id_fk" FOREIGN KEY ("member_body_id") REFERENCES "public"."body"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_actor_idx" ON "audit_event" USING btree ("actor_id","id");--> statement-breakpoint
CREATE INDEX "audit_entity_idx" ON "audit_event" USING btree ("entity_type","entity_id");--> statement-breakpoint
CREATE INDEX "audit_at_idx" ON "audit_event" USING btree ("at");--> statement-breakpoint
CREATE INDEX "audit_action_idx" ON "audit_event" USING btree ("action");--> statement-breakpoint
CREATE INDEX "role_grant_user_idx" ON "role_grant" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "role_grant_body_idx" ON "role_grant" USING btree ("body_id");--> statement-breakpoint
CREATE INDEX "role_grant_territory_idx" ON "role_grant" USING btree ("territory_code");--> statement-breakpoint
CREATE INDEX "session_user_idx" ON "session" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "session_expires_idx" ON "session" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "body_kind_idx" ON "body" USING btree ("kind");--> statement-breakpoint
CREATE INDEX "body_territory_idx" ON "body" USING btree ("territory_code");--> statement-breakpoint
CREATE INDEX "body_parent_idx" ON "body" USING btree ("parent_id");--> statement-breakpoint
CREATE UNIQUE INDEX "body_bin_uq" ON "body" USING btree ("bin") WHERE "body"."bin" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "body_commission_territory_uq" ON "body" USING btree ("territory_code") WHERE "body"."kind" = 'commission';--> statement-breakpoint
CREATE UNIQUE INDEX "body_hq_territory_uq" ON "body" USING btree ("territory_code") WHERE "body"."kind" = 'hq';--> statement-breakpoint
CREATE UNIQUE INDEX "body_atc_uq" ON "body" USING btree ("kind") WHERE "body"."kind" = 'atc';--> statement-breakpoint
CREATE INDEX "body_search_trgm_idx" ON "body" USING gin ("search_text" gin_trgm_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "membership_group_member_uq" ON "membership" USING btree ("group_id","member_body_id");--> statement-breakpoint
CREATE INDEX "membership_member_idx" ON "membership" USING btree ("member_body_id");--> statement-breakpoint
CREATE INDEX "territory_parent_idx" ON "territory" USING btree ("parent_code");--> statement-breakpoint
CREATE INDEX "territory_path_idx" ON "territory" USING btree ("path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "territory_search_trgm_idx" ON "territory" USING gin ("search_text" gin_trgm_ops);