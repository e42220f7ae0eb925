import { Router } from 'express';
import type { RouteDocs } from '../openapi/route-docs.js';
import { openApiDocument } from '../openapi/openapi-document.js';
import { DOCS_CSP, DOCS_HTML } from '../static/docs-page.js';

/** `/openapi.json` (generated from the same zod schemas the routes validate with) and its `/docs` page. */
export function docsRoutes(deps: { version: string }, docs: RouteDocs): Router {
  const router = Router();
  docs.add({
    method: 'get',
    path: '/openapi.json',
    summary: 'This API as an OpenAPI 3.1 document',
    tags: ['documentation'],
    auth: 'none',
    responses: { 200: { description: 'the OpenAPI document' } },
  });
  docs.add({
    method: 'get',
    path: '/docs',
    summary: 'Human-readable API documentation (renders /openapi.json)',
    tags: ['documentation'],
    auth: 'none',
    responses: { 200: { description: 'an HTML page', contentType: 'text/html' } },
  });
  let cached: string | undefined;
  // Routes are all registered before the first request, so the document is built once.
  router.get('/openapi.json', (_req, res) => {
    cached ??= JSON.stringify(openApiDocument(docs.all, deps.version));
    res.type('application/json').send(cached);
  });
  router.get('/docs', (_req, res) => {
    res.setHeader('Content-Security-Policy', DOCS_CSP);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.type('html').send(DOCS_HTML);
  });
  return router;
}
