/** `INSERT INTO table (a, b) VALUES (@a, @b)` for named-parameter statements. */
export function insertSql(table: string, columns: readonly string[], suffix = ''): string {
  return `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})${suffix}`;
}

/** Converts a JSON text column that may be null. */
export function parseJsonOrNull(text: string | null): unknown {
  return text === null ? null : (JSON.parse(text) as unknown);
}
