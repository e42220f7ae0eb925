import { closeSync, openSync, writeSync } from 'node:fs';
import { errorCode, OutputPathError } from './output-paths.js';

/** Text buffered before a synchronous write: large enough to make writes cheap, small enough to stay bounded. */
const FLUSH_BYTES = 1 << 20;

/**
 * A JSON Lines file written synchronously in ~1 MiB batches. The simulation runs without
 * yielding to the event loop, so a stream would hold every line in memory until the run
 * ends (about 1 GB per 10 seeds of a standard scenario); this holds at most one batch.
 * The file is opened (created or truncated) by the constructor, so a bad path fails
 * before any work.
 */
export class JsonLinesFile {
  readonly #fd: number;
  #chunks: string[] = [];
  #length = 0;
  #lines = 0;
  #closed = false;

  /** @throws OutputPathError naming `option` and `path` when the file cannot be opened for writing */
  constructor(
    option: string,
    readonly path: string,
  ) {
    try {
      this.#fd = openSync(path, 'w');
    } catch (error) {
      throw new OutputPathError(`${option} ${path}: cannot write there (${errorCode(error)})`);
    }
  }

  /** Lines written so far (buffered ones included). */
  get lines(): number {
    return this.#lines;
  }

  /** Appends `value` as one line of JSON. @throws the write's error (e.g. ENOSPC) when a batch cannot be written */
  write(value: unknown): void {
    if (this.#closed) throw new Error(`${this.path} is closed`);
    const line = `${JSON.stringify(value)}\n`;
    this.#chunks.push(line);
    this.#length += line.length;
    this.#lines++;
    if (this.#length >= FLUSH_BYTES) this.flush();
  }

  /** Writes the buffered lines. */
  flush(): void {
    if (this.#chunks.length === 0) return;
    const bytes = Buffer.from(this.#chunks.join(''));
    this.#chunks = [];
    this.#length = 0;
    // A regular file takes everything at once; the loop covers a short write anyway.
    for (let offset = 0; offset < bytes.length;) offset += writeSync(this.#fd, bytes, offset);
  }

  /** Flushes and closes; later calls do nothing. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    try {
      this.flush();
    } finally {
      closeSync(this.#fd);
    }
  }
}
