import type { ApiClient } from '../api/api-client.js';
import type { ApiError } from '../api/api-error.js';
import { toApiError } from '../api/api-error.js';
import type { ConfigResponse, ConfigVersionInfo } from '../api/api-types.js';
import { Loadable } from './loadable.svelte.js';

/**
 * One versioned config (`GET|PUT /v1/config/reward` or `/v1/config/routing`). A save that fails
 * validation keeps the server's field-level issues in `saveError.issues` for the form.
 */
export class ConfigStore<Body> {
  readonly #api: ApiClient;
  readonly #path: string;
  readonly #state = new Loadable<ConfigResponse<Body>>();
  #saving = $state(false);
  #saveError = $state<ApiError | undefined>(undefined);
  #saved = $state<ConfigVersionInfo | undefined>(undefined);

  constructor(api: ApiClient, path: string) {
    this.#api = api;
    this.#path = path;
  }

  get config(): ConfigResponse<Body> | undefined {
    return this.#state.value;
  }

  get version(): string | undefined {
    return this.#state.value?.version;
  }

  get history(): readonly ConfigVersionInfo[] {
    return this.#state.value?.history ?? [];
  }

  get error(): ApiError | undefined {
    return this.#state.error;
  }

  get loading(): boolean {
    return this.#state.loading;
  }

  get saving(): boolean {
    return this.#saving;
  }

  get saveError(): ApiError | undefined {
    return this.#saveError;
  }

  /** The version created by the last successful save in this session. */
  get saved(): ConfigVersionInfo | undefined {
    return this.#saved;
  }

  load(): Promise<ConfigResponse<Body> | undefined> {
    return this.#state.run(() => this.#api.get<ConfigResponse<Body>>(this.#path));
  }

  /**
   * PUTs a new version. The answer (the new active version with its body and history) becomes
   * the value at once, so a reload racing with the save (e.g. one triggered by the `config`
   * live event) can never leave the old version showing. @returns whether it was saved
   */
  save(body: unknown): Promise<boolean> {
    return this.#store(() => this.#api.put<Partial<ConfigResponse<Body>>>(this.#path, body));
  }

  /**
   * Rolls back to a stored version: `POST {path}/versions/{version}/restore` stores its body as
   * the next version and applies it; the answer becomes the value as for {@link save}.
   * @returns whether it was restored (else `saveError` says why)
   */
  restore(version: string): Promise<boolean> {
    return this.#store(() =>
      this.#api.post<Partial<ConfigResponse<Body>>>(`${this.#path}/versions/${encodeURIComponent(version)}/restore`, undefined),
    );
  }

  async #store(request: () => Promise<Partial<ConfigResponse<Body>> | undefined>): Promise<boolean> {
    this.#saving = true;
    this.#saveError = undefined;
    try {
      const res = await request();
      if (res && typeof res.version === 'string' && res.body !== undefined && Array.isArray(res.history)) {
        this.#state.set(res as ConfigResponse<Body>);
      } else {
        await this.load();
      }
      const version = typeof res?.version === 'string' ? res.version : this.version;
      this.#saved = version === undefined ? undefined : { version, createdAt: res?.createdAt ?? '', createdBy: res?.createdBy ?? '' };
      return true;
    } catch (err) {
      this.#saveError = toApiError(err);
      return false;
    } finally {
      this.#saving = false;
    }
  }

  clearSaveError(): void {
    this.#saveError = undefined;
  }
}
