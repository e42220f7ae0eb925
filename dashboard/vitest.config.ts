import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

/** Unit tests of the dashboard's stores and transforms: `vitest run --config dashboard/vitest.config.ts`. */
export default defineConfig({
  root: import.meta.dirname,
  plugins: [svelte({ configFile: false })],
  resolve: { conditions: ['browser'] },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
