DROP INDEX `verifications_status_idx`;--> statement-breakpoint
CREATE INDEX `verifications_pending_expiry_idx` ON `verifications` (`expires_at`,`id`) WHERE status = 'pending';