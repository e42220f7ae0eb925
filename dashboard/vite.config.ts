import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

const api = process.env.ROUTEWISE_API ?? 'http://127.0.0.1:3000';

/** Build: `vite build --config dashboard/vite.config.ts` -> dashboard/dist, served by the API server at `/`. */
export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [svelte({ configFile: false })],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
  },
  server: {
    proxy: Object.fromEntries(['/v1', '/openapi.json', '/metrics', '/healthz'].map((path) => [path, { target: api, changeOrigin: false }])),
  },
});
