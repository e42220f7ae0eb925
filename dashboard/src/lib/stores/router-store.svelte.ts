import { formatHash, parseHash, type Page, type Route } from './route.js';

/** Hash routing: the server only has to serve index.html at `/`, and links work with the keyboard and history. */
export class RouterStore {
  #route = $state<Route>({ page: 'overview', params: {} });
  readonly #location: Pick<Location, 'hash'>;

  constructor(location: Pick<Location, 'hash'>) {
    this.#location = location;
    this.#route = parseHash(location.hash);
  }

  get page(): Page {
    return this.#route.page;
  }

  get params(): Readonly<Record<string, string>> {
    return this.#route.params;
  }

  /** Subscribes to `hashchange`. @returns cleanup */
  listen(target: Pick<Window, 'addEventListener' | 'removeEventListener'>): () => void {
    const onChange = (): void => {
      this.#route = parseHash(this.#location.hash);
    };
    target.addEventListener('hashchange', onChange);
    return () => target.removeEventListener('hashchange', onChange);
  }

  /** Updates the hash (adds a history entry); the state follows immediately. */
  go(page: Page, params: Readonly<Record<string, string | undefined>> = {}): void {
    const hash = formatHash(page, params);
    this.#location.hash = hash;
    this.#route = parseHash(hash);
  }

  /** Changes parameters on the current page. */
  setParams(params: Readonly<Record<string, string | undefined>>): void {
    this.go(this.page, { ...this.params, ...params });
  }
}
