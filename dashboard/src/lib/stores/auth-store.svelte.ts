export const ADMIN_KEY_STORAGE = 'routewise.adminKey';

/**
 * The admin key, entered once per browser session and kept in sessionStorage (gone when the
 * tab closes). `rejected` is set when the server answered 401 so the app asks again.
 */
export class AuthStore {
  #key = $state<string | undefined>(undefined);
  #rejected = $state(false);
  readonly #storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | undefined;

  constructor(storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | undefined) {
    this.#storage = storage;
    this.#key = storage?.getItem(ADMIN_KEY_STORAGE) ?? undefined;
  }

  get key(): string | undefined {
    return this.#key;
  }

  get rejected(): boolean {
    return this.#rejected;
  }

  get needsKey(): boolean {
    return this.#key === undefined || this.#rejected;
  }

  /** @throws TypeError when the key is empty after trimming */
  setKey(raw: string): void {
    const key = raw.trim();
    if (key.length === 0) throw new TypeError('admin key must not be empty');
    this.#key = key;
    this.#rejected = false;
    this.#storage?.setItem(ADMIN_KEY_STORAGE, key);
  }

  markRejected(): void {
    this.#rejected = true;
  }

  clear(): void {
    this.#key = undefined;
    this.#rejected = false;
    this.#storage?.removeItem(ADMIN_KEY_STORAGE);
  }
}
