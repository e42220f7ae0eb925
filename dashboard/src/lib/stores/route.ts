export const PAGES = ['overview', 'weights', 'health', 'decisions', 'config', 'benchmarks'] as const;
export type Page = (typeof PAGES)[number];

export interface Route {
  readonly page: Page;
  readonly params: Readonly<Record<string, string>>;
}

/** Parses a location hash like `#/weights?segment=DE%3A262-01%3Astandard`; unknown pages go to the overview. */
export function parseHash(hash: string): Route {
  const body = hash.replace(/^#\/?/, '');
  const q = body.indexOf('?');
  const path = (q === -1 ? body : body.slice(0, q)).replace(/\/+$/, '');
  const params = Object.fromEntries(new URLSearchParams(q === -1 ? '' : body.slice(q + 1)));
  const page = (PAGES as readonly string[]).includes(path) ? (path as Page) : 'overview';
  return { page, params };
}

/** Inverse of parseHash; empty parameter values are dropped. */
export function formatHash(page: Page, params: Readonly<Record<string, string | undefined>> = {}): string {
  const kept = Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== '');
  const qs = new URLSearchParams(kept).toString();
  return `#/${page}${qs ? `?${qs}` : ''}`;
}
