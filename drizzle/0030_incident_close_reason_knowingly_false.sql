-- The close reason "false alarm" becomes the legal category it stood for: a knowingly false report of an
-- act of terrorism (Criminal Code of the Republic of Kazakhstan, art. 273), referred to the police.
UPDATE "incident" SET "close_reason" = 'knowingly_false_report' WHERE "close_reason" = 'false_alarm';--> statement-breakpoint
UPDATE "incident_campaign" SET "close_reason" = 'knowingly_false_report' WHERE "close_reason" = 'false_alarm';
