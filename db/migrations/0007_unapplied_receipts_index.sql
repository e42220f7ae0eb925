DROP INDEX `receipts_message_idx`;--> statement-breakpoint
CREATE INDEX `receipts_unapplied_message_idx` ON `receipts` (`provider`,`provider_message_id`) WHERE applied = 0;