import { z } from 'zod';
import type { RouteDoc } from './route-docs.js';

const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  instance: z.string(),
  code: z.string().describe('stable machine-readable error code'),
  requestId: z.string(),
});

function schemaOf(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { io, target: 'draft-2020-12', unrepresentable: 'any' }) as Record<string, unknown>;
  delete json.$schema;
  return json;
}

function parametersOf(schema: z.ZodType | undefined, location: 'path' | 'query'): unknown[] {
  if (!schema) return [];
  const json = schemaOf(schema, 'input') as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({
    name,
    in: location,
    required: location === 'path' || (json.required ?? []).includes(name),
    schema: s,
  }));
}

/** OpenAPI 3.1 document generated from the zod schemas the routes validate with (one source of truth). */
export function openApiDocument(docs: readonly RouteDoc[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const d of docs) {
    const responses: Record<string, unknown> = {};
    for (const [status, r] of Object.entries(d.responses)) {
      responses[status] = {
        description: r.description,
        ...(r.schema ? { content: { [r.contentType ?? 'application/json']: { schema: schemaOf(r.schema, 'output') } } } : {}),
      };
    }
    responses.default = {
      description: 'RFC 9457 problem details',
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
    };
    const headers = Object.entries(d.headers ?? {}).map(([name, h]) => ({
      name,
      in: 'header',
      required: h.required ?? false,
      description: h.description,
      schema: { type: 'string' },
    }));
    (paths[d.path] ??= {})[d.method] = {
      summary: d.summary,
      ...(d.description ? { description: d.description } : {}),
      tags: d.tags,
      security: d.auth === 'tenant' || d.auth === 'admin' ? [{ bearer: [] }] : [],
      ...(d.auth === 'admin' ? { 'x-scope': 'admin' } : {}),
      ...(d.auth === 'webhook-signature' ? { 'x-authentication': 'Standard Webhooks signature' } : {}),
      parameters: [...parametersOf(d.params, 'path'), ...parametersOf(d.query, 'query'), ...headers],
      ...(d.body ? { requestBody: { required: true, content: { 'application/json': { schema: schemaOf(d.body, 'input') } } } } : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'routewise API',
      version,
      description: 'Adaptive OTP routing: send and check verification codes; inspect routing, learning, health and cost.',
    },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'tenant or admin API key' } },
      schemas: { Problem: schemaOf(Problem, 'output') },
    },
    paths,
  };
}
