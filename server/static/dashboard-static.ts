import { existsSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import express, { Router } from 'express';

/** The built dashboard, resolved from this module so any working directory works. */
export const DEFAULT_DASHBOARD_DIR = resolve(import.meta.dirname, '../../dashboard/dist');

/** Paths that belong to the API: they keep their JSON 404 problems instead of the SPA fallback. */
const API_PREFIXES = ['/v1', '/metrics', '/healthz', '/readyz', '/openapi.json', '/docs'];

const isApiPath = (path: string) => API_PREFIXES.some((p) => path === p || path.startsWith(`${p}/`));

/**
 * Serves the dashboard SPA at `/` when `dir/index.html` exists (otherwise mounts nothing):
 * static assets (content-hashed `assets/` cached a year, the rest revalidated) and `index.html` for
 * any other GET that is not an API path, so client-side routes survive a reload.
 */
export function dashboardRoutes(dir: string = DEFAULT_DASHBOARD_DIR): Router | undefined {
  const index = join(dir, 'index.html');
  if (!existsSync(index)) return undefined;
  const router = Router();
  router.use((req, _res, next) => (isApiPath(req.path) ? next('router') : next()));
  router.use(
    express.static(dir, {
      index: 'index.html',
      fallthrough: true,
      setHeaders: (res, path) => {
        res.setHeader('X-Content-Type-Options', 'nosniff');
        // Vite puts content-hashed files under assets/; anything else may change between builds.
        res.setHeader(
          'Cache-Control',
          path.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    }),
  );
  router.get('/{*splat}', (req, res, next) => {
    if (!req.accepts('html')) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.sendFile(index);
  });
  return router;
}
