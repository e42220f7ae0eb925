CREATE INDEX `phone_check_failures_updated_idx` ON `phone_check_failures` (`updated_at`);--> statement-breakpoint
CREATE INDEX `receipts_attempt_idx` ON `receipts` (`attempt_id`);--> statement-breakpoint
CREATE INDEX `receipts_orphan_received_idx` ON `receipts` (`received_at`) WHERE attempt_id IS NULL;