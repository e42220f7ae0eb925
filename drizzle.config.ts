import { defineConfig } from 'drizzle-kit';

/** `npx drizzle-kit generate` writes SQL migrations for `db/schema.ts` into `db/migrations/` (committed). */
export default defineConfig({
  schema: './db/schema.ts',
  out: './db/migrations',
  dialect: 'sqlite',
});
