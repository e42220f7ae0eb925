import { type ApiError, toApiError } from '../api/api-error.js';

/**
 * One piece of server state: the last good value, the last error (kept until the next success
 * so the UI can show it beside stale data), and whether a request is in flight. Responses that
 * arrive after a newer request started are dropped, so a slow old answer never overwrites a new one.
 */
export class Loadable<T> {
  #value = $state<T | undefined>(undefined);
  #error = $state<ApiError | undefined>(undefined);
  #loading = $state(false);
  #seq = 0;

  get value(): T | undefined {
    return this.#value;
  }

  get error(): ApiError | undefined {
    return this.#error;
  }

  get loading(): boolean {
    return this.#loading;
  }

  /** Runs `fetcher`; on failure the error is stored (and shown), never thrown away. */
  async run(fetcher: () => Promise<T>): Promise<T | undefined> {
    const seq = ++this.#seq;
    this.#loading = true;
    try {
      const value = await fetcher();
      if (seq !== this.#seq) return undefined;
      this.#value = value;
      this.#error = undefined;
      return value;
    } catch (err) {
      if (seq === this.#seq) this.#error = toApiError(err);
      return undefined;
    } finally {
      if (seq === this.#seq) this.#loading = false;
    }
  }

  /** Replaces the value with one the caller got otherwise (e.g. a PUT's answer); requests still in flight are dropped. */
  set(value: T): void {
    this.#seq++;
    this.#value = value;
    this.#error = undefined;
    this.#loading = false;
  }

  reset(): void {
    this.#seq++;
    this.#value = undefined;
    this.#error = undefined;
    this.#loading = false;
  }
}
