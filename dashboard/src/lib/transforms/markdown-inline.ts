/** Inline Markdown nodes. Text is always data, never markup: the renderer escapes it. */
export type Inline =
  | { readonly type: 'text'; readonly text: string }
  | { readonly type: 'code'; readonly text: string }
  | { readonly type: 'strong'; readonly children: readonly Inline[] }
  | { readonly type: 'em'; readonly children: readonly Inline[] }
  | { readonly type: 'link'; readonly href: string; readonly children: readonly Inline[] }
  | { readonly type: 'image'; readonly src: string; readonly alt: string };

export interface InlineOptions {
  /** Maps an image source to a URL the page may load, or undefined to show the alt text instead. */
  readonly resolveImage: (src: string) => string | undefined;
}

/**
 * A link target that is safe to put in `href`: http(s), mailto, or a relative reference
 * (path, query or fragment). Anything with another scheme (javascript:, data:, vbscript:, ...)
 * is refused, also when obfuscated with whitespace, control characters or case.
 */
export function safeHref(raw: string): string | undefined {
  const href = raw.trim();
  // Browsers strip these before reading the scheme, so "java\tscript:" would still run.
  const probe = [...href]
    .filter((ch) => {
      const code = ch.charCodeAt(0);
      return code > 0x20 && !(code >= 0x7f && code <= 0x9f);
    })
    .join('')
    .toLowerCase();
  const scheme = /^([a-z][a-z0-9+.-]*):/.exec(probe);
  if (!scheme) return href;
  return ['http', 'https', 'mailto'].includes(scheme[1] as string) ? href : undefined;
}

function pushText(out: Inline[], text: string): void {
  const last = out[out.length - 1];
  if (last?.type === 'text') out[out.length - 1] = { type: 'text', text: last.text + text };
  else if (text) out.push({ type: 'text', text });
}

/** Parses `[label](target)` starting at `i` (the "["); returns the parts and the index after ")". */
function bracketed(s: string, i: number): { label: string; target: string; end: number } | undefined {
  let depth = 0;
  let j = i;
  for (; j < s.length; j++) {
    if (s[j] === '\\') j++;
    else if (s[j] === '[') depth++;
    else if (s[j] === ']' && --depth === 0) break;
  }
  if (j >= s.length || s[j + 1] !== '(') return undefined;
  // The target ends at the ")" that balances the opening one, so "f(x)" inside a URL stays whole.
  let close = -1;
  for (let k = j + 2, open = 1; k < s.length; k++) {
    if (s[k] === '(') open++;
    else if (s[k] === ')' && --open === 0) {
      close = k;
      break;
    }
  }
  if (close === -1) return undefined;
  const target = s.slice(j + 2, close).trim().split(/\s+/)[0] ?? '';
  return { label: s.slice(i + 1, j), target, end: close + 1 };
}

/** Parses inline Markdown: `code`, **strong**, *em* / _em_, [links](url), ![images](src), backslash escapes. */
export function parseInline(s: string, opts: InlineOptions): Inline[] {
  const out: Inline[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i] as string;
    if (c === '\\' && i + 1 < s.length && /[\\`*_[\]()#|!>~-]/.test(s[i + 1] as string)) {
      pushText(out, s[i + 1] as string);
      i += 2;
      continue;
    }
    if (c === '`') {
      const run = /^`+/.exec(s.slice(i))?.[0] ?? '`';
      const close = s.indexOf(run, i + run.length);
      if (close !== -1) {
        out.push({ type: 'code', text: s.slice(i + run.length, close).trim() });
        i = close + run.length;
        continue;
      }
    }
    if (c === '!' && s[i + 1] === '[') {
      const b = bracketed(s, i + 1);
      if (b) {
        const src = opts.resolveImage(b.target);
        if (src) out.push({ type: 'image', src, alt: b.label });
        else pushText(out, `[image: ${b.label}]`);
        i = b.end;
        continue;
      }
    }
    if (c === '[') {
      const b = bracketed(s, i);
      if (b) {
        const children = parseInline(b.label, opts);
        const href = safeHref(b.target);
        if (href !== undefined) out.push({ type: 'link', href, children });
        else
          for (const child of children) {
            if (child.type === 'text') pushText(out, child.text);
            else out.push(child);
          }
        i = b.end;
        continue;
      }
    }
    if ((c === '*' || c === '_') && s[i + 1] === c) {
      const close = s.indexOf(c + c, i + 2);
      if (close > i + 2) {
        out.push({ type: 'strong', children: parseInline(s.slice(i + 2, close), opts) });
        i = close + 2;
        continue;
      }
    }
    if ((c === '*' || c === '_') && s[i + 1] !== ' ' && s[i + 1] !== undefined) {
      // "_" inside a word (snake_case) is not emphasis.
      const wordBefore = c === '_' && i > 0 && /\w/.test(s[i - 1] as string);
      const close = s.indexOf(c, i + 1);
      if (!wordBefore && close > i + 1 && s[close - 1] !== ' ' && !(c === '_' && /\w/.test(s[close + 1] ?? ''))) {
        out.push({ type: 'em', children: parseInline(s.slice(i + 1, close), opts) });
        i = close + 1;
        continue;
      }
    }
    pushText(out, c);
    i++;
  }
  return out;
}
