CREATE TABLE `api_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text,
	`scope` text NOT NULL,
	`key_hash` text NOT NULL,
	`key_prefix` text NOT NULL,
	`created_at` integer NOT NULL,
	`revoked_at` integer,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_keys_key_hash_unique` ON `api_keys` (`key_hash`);--> statement-breakpoint
CREATE INDEX `api_keys_tenant_idx` ON `api_keys` (`tenant_id`);--> statement-breakpoint
CREATE TABLE `attempts` (
	`id` text PRIMARY KEY NOT NULL,
	`verification_id` text NOT NULL,
	`seq` integer NOT NULL,
	`provider` text NOT NULL,
	`code_hash` text NOT NULL,
	`status` text NOT NULL,
	`started_at` integer NOT NULL,
	`budget_ms` integer NOT NULL,
	`timer_at` integer,
	`accepted_at` integer,
	`receipt_at` integer,
	`completed_at` integer,
	`provider_message_id` text,
	`cost` real NOT NULL,
	`error_class` text,
	`completed` integer DEFAULT 0 NOT NULL,
	`settled` integer DEFAULT 0 NOT NULL,
	`reward` real,
	`propensity` real NOT NULL,
	`policy_kind` text NOT NULL,
	`policy_version` text NOT NULL,
	`reward_version` text NOT NULL,
	`segment` text NOT NULL,
	`decision_json` text NOT NULL,
	`country` text NOT NULL,
	`operator` text NOT NULL,
	`route_class` text NOT NULL,
	`action` text NOT NULL,
	`fraud_score` real NOT NULL,
	`hour` integer NOT NULL,
	FOREIGN KEY (`verification_id`) REFERENCES `verifications`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `attempts_verification_seq_idx` ON `attempts` (`verification_id`,`seq`);--> statement-breakpoint
CREATE INDEX `attempts_provider_message_idx` ON `attempts` (`provider_message_id`);--> statement-breakpoint
CREATE INDEX `attempts_started_idx` ON `attempts` (`started_at`,`id`);--> statement-breakpoint
CREATE INDEX `attempts_status_idx` ON `attempts` (`status`);--> statement-breakpoint
CREATE INDEX `attempts_timer_idx` ON `attempts` (`timer_at`);--> statement-breakpoint
CREATE TABLE `config_versions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`version` text NOT NULL,
	`body_json` text NOT NULL,
	`created_at` integer NOT NULL,
	`created_by` text NOT NULL,
	`active` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `config_versions_kind_version_idx` ON `config_versions` (`kind`,`version`);--> statement-breakpoint
CREATE UNIQUE INDEX `config_versions_one_active_idx` ON `config_versions` (`kind`) WHERE active = 1;--> statement-breakpoint
CREATE TABLE `idempotency_records` (
	`tenant_id` text NOT NULL,
	`key` text NOT NULL,
	`request_hash` text NOT NULL,
	`state` text NOT NULL,
	`response_status` integer,
	`response_body` text,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `key`)
);
--> statement-breakpoint
CREATE INDEX `idempotency_expires_idx` ON `idempotency_records` (`expires_at`);--> statement-breakpoint
CREATE TABLE `phone_check_failures` (
	`phone_hash` text PRIMARY KEY NOT NULL,
	`failures` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `policy_snapshots` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`policy_kind` text NOT NULL,
	`policy_version` text NOT NULL,
	`state_json` text NOT NULL,
	`health_json` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `receipts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`provider` text NOT NULL,
	`provider_message_id` text NOT NULL,
	`webhook_id` text NOT NULL,
	`status` text NOT NULL,
	`error_class` text,
	`occurred_at` integer NOT NULL,
	`received_at` integer NOT NULL,
	`attempt_id` text,
	`applied` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`attempt_id`) REFERENCES `attempts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `receipts_provider_webhook_idx` ON `receipts` (`provider`,`webhook_id`);--> statement-breakpoint
CREATE INDEX `receipts_message_idx` ON `receipts` (`provider`,`provider_message_id`);--> statement-breakpoint
CREATE TABLE `route_transitions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`verification_id` text NOT NULL,
	`from_attempt_id` text NOT NULL,
	`from_provider` text NOT NULL,
	`to_attempt_id` text,
	`to_provider` text,
	`reason` text NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`verification_id`) REFERENCES `verifications`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `route_transitions_verification_idx` ON `route_transitions` (`verification_id`);--> statement-breakpoint
CREATE TABLE `routing_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`kind` text NOT NULL,
	`segment` text,
	`provider` text,
	`detail_json` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `routing_events_at_idx` ON `routing_events` (`at`);--> statement-breakpoint
CREATE TABLE `routing_history` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`segment` text NOT NULL,
	`provider` text NOT NULL,
	`probability` real NOT NULL,
	`mean` real NOT NULL,
	`lower` real NOT NULL,
	`upper` real NOT NULL,
	`n` real NOT NULL,
	`completion_rate` real,
	`latency_p50_ms` real,
	`latency_p90_ms` real,
	`timeout_rate` real,
	`cost` real,
	`breaker` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `routing_history_segment_at_idx` ON `routing_history` (`segment`,`at`);--> statement-breakpoint
CREATE TABLE `tenants` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`allowed_countries` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `verifications` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`phone_enc` blob NOT NULL,
	`phone_key_id` text NOT NULL,
	`phone_hash` text NOT NULL,
	`country` text NOT NULL,
	`operator` text NOT NULL,
	`route_class` text NOT NULL,
	`action` text NOT NULL,
	`fraud_score` real NOT NULL,
	`window_ms` integer NOT NULL,
	`status` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`finished_at` integer,
	`finish_reason` text,
	`checks` integer NOT NULL,
	`max_checks` integer NOT NULL,
	`max_attempts` integer NOT NULL,
	`state_json` text NOT NULL,
	`idempotency_key` text,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `verifications_tenant_created_idx` ON `verifications` (`tenant_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `verifications_status_idx` ON `verifications` (`status`);--> statement-breakpoint
CREATE INDEX `verifications_phone_hash_idx` ON `verifications` (`phone_hash`);--> statement-breakpoint
CREATE INDEX `verifications_created_idx` ON `verifications` (`created_at`);