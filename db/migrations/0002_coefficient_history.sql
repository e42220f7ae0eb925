CREATE TABLE `routing_coefficients` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`segment` text NOT NULL,
	`provider` text NOT NULL,
	`values_json` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `routing_coefficients_segment_at_idx` ON `routing_coefficients` (`segment`,`at`);