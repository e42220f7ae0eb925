export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/** Field names that are never written to a log line, whatever the caller passes. */
const SECRET_FIELDS = new Set(['authorization', 'code', 'to', 'phone', 'apiKey', 'key', 'secret', 'body']);

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

function redact(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) out[k] = SECRET_FIELDS.has(k) ? '[redacted]' : v;
  return out;
}

/**
 * JSON-lines logger. Secrets, codes and phone numbers are redacted by field name as a last
 * line of defence; callers should not pass them in the first place.
 */
export function createLogger(level: LogLevel, write: (line: string) => void = (l) => process.stdout.write(l)): Logger {
  const min = RANK[level];
  const log = (lvl: Exclude<LogLevel, 'silent'>, msg: string, fields: Record<string, unknown> = {}) => {
    if (RANK[lvl] < min) return;
    write(`${JSON.stringify({ level: lvl, time: new Date().toISOString(), msg, ...redact(fields) })}\n`);
  };
  return {
    debug: (m, f) => log('debug', m, f),
    info: (m, f) => log('info', m, f),
    warn: (m, f) => log('warn', m, f),
    error: (m, f) => log('error', m, f),
  };
}
