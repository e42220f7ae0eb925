import type { z } from 'zod';
import { ValidationError } from './app-error.js';

/**
 * Parses `input` with `schema` or throws a 422 ValidationError listing every issue with
 * its path. The one place request input is validated (STYLE.md 6).
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ValidationError(
    result.error.issues.slice(0, 20).map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
  );
}
