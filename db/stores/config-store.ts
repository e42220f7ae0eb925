/** Kinds of versioned configuration (DESIGN.md "Data kept"). */
export const CONFIG_KINDS = ['reward', 'routing', 'guards'] as const;
export type ConfigKind = (typeof CONFIG_KINDS)[number];

export interface ConfigVersionRecord {
  readonly kind: ConfigKind;
  /** Assigned in sequence per kind: `'1'`, `'2'`, ... */
  readonly version: string;
  /** The validated config value as JSON (validation happens at the edge, not here). */
  readonly body: unknown;
  readonly createdAt: number;
  /** API key id or `'system'`. */
  readonly createdBy: string;
  readonly active: boolean;
}

/** Versioned configuration: every change is a new row (audit), one active per kind. */
export interface ConfigStore {
  active(kind: ConfigKind): ConfigVersionRecord | undefined;
  /** All versions of `kind`, newest first. */
  list(kind: ConfigKind): ConfigVersionRecord[];
  /** Inserts the next version of `kind` and makes it the active one, in one transaction. */
  insertAndActivate(kind: ConfigKind, body: unknown, createdBy: string, now: number): ConfigVersionRecord;
  /** Re-activates an existing version (rollback). Returns false when it does not exist. */
  activate(kind: ConfigKind, version: string): boolean;
}
