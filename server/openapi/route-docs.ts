import type { z } from 'zod';

/** What the OpenAPI document says about one route; registered next to the route itself. */
export interface RouteDoc {
  readonly method: 'get' | 'post' | 'put' | 'delete';
  /** OpenAPI path template, e.g. `/v1/verifications/{id}`. */
  readonly path: string;
  readonly summary: string;
  readonly description?: string;
  readonly tags: readonly string[];
  readonly auth: 'tenant' | 'admin' | 'none' | 'webhook-signature';
  readonly params?: z.ZodType;
  readonly query?: z.ZodType;
  readonly headers?: Readonly<Record<string, { readonly description: string; readonly required?: boolean }>>;
  readonly body?: z.ZodType;
  readonly responses: Readonly<Record<number, { readonly description: string; readonly schema?: z.ZodType; readonly contentType?: string }>>;
}

/** Collects route docs while routers are built; `createApp` turns them into `/openapi.json`. */
export class RouteDocs {
  readonly #docs: RouteDoc[] = [];
  add(doc: RouteDoc): void {
    this.#docs.push(doc);
  }
  get all(): readonly RouteDoc[] {
    return this.#docs;
  }
}
