DROP INDEX `attempts_status_idx`;--> statement-breakpoint
DROP INDEX `attempts_timer_idx`;--> statement-breakpoint
CREATE INDEX `attempts_timer_idx` ON `attempts` (`timer_at`) WHERE timer_at IS NOT NULL;