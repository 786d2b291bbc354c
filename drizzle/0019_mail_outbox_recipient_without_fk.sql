ALTER TABLE "mail_outbox" DROP CONSTRAINT "mail_outbox_user_id_app_user_id_fk";
