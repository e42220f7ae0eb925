/** One dispatched server-sent event. */
export interface SseMessage {
  readonly event: string;
  readonly data: string;
  readonly id?: string;
}

/**
 * Incremental parser of a `text/event-stream` body, per the WHATWG HTML "server-sent events"
 * interpretation rules: fields `event`, `data` (joined with "\n"), `id`; lines starting with ":"
 * are comments; a blank line dispatches; CR, LF and CRLF all end a line. Chunks may split lines
 * anywhere.
 */
export class SseParser {
  #buffer = '';
  #event = '';
  #data: string[] = [];
  #id: string | undefined;
  #lastId: string | undefined;

  /** The last `id` seen, to send as `Last-Event-ID` when reconnecting. */
  get lastEventId(): string | undefined {
    return this.#lastId;
  }

  feed(chunk: string): SseMessage[] {
    this.#buffer += chunk;
    const out: SseMessage[] = [];
    for (;;) {
      const m = /\r\n|\r|\n/.exec(this.#buffer);
      if (!m) break;
      // A trailing CR may be the first half of CRLF split across chunks: wait for more.
      if (m[0] === '\r' && m.index === this.#buffer.length - 1) break;
      const line = this.#buffer.slice(0, m.index);
      this.#buffer = this.#buffer.slice(m.index + m[0].length);
      const msg = this.#line(line);
      if (msg) out.push(msg);
    }
    return out;
  }

  #line(line: string): SseMessage | undefined {
    if (line === '') return this.#dispatch();
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') this.#event = value;
    else if (field === 'data') this.#data.push(value);
    else if (field === 'id' && !value.includes('\0')) this.#id = value;
    return undefined;
  }

  #dispatch(): SseMessage | undefined {
    const id = this.#id;
    if (id !== undefined) this.#lastId = id;
    const hasData = this.#data.length > 0;
    const msg: SseMessage = { event: this.#event || 'message', data: this.#data.join('\n'), ...(id !== undefined ? { id } : {}) };
    this.#event = '';
    this.#data = [];
    this.#id = undefined;
    return hasData ? msg : undefined;
  }
}
