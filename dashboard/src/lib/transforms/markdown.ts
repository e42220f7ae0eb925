import { parseInline, type Inline, type InlineOptions } from './markdown-inline.js';

export type Align = 'left' | 'center' | 'right' | null;

export type Block =
  | { readonly type: 'heading'; readonly level: 1 | 2 | 3 | 4 | 5 | 6; readonly children: readonly Inline[] }
  | { readonly type: 'paragraph'; readonly children: readonly Inline[] }
  | { readonly type: 'quote'; readonly children: readonly Inline[] }
  | { readonly type: 'code'; readonly lang: string; readonly text: string }
  | { readonly type: 'list'; readonly ordered: boolean; readonly items: readonly (readonly Inline[])[] }
  | { readonly type: 'table'; readonly align: readonly Align[]; readonly header: readonly (readonly Inline[])[]; readonly rows: readonly (readonly (readonly Inline[])[])[] }
  | { readonly type: 'hr' };

const FENCE = /^\s{0,3}(`{3,}|~{3,})\s*([\w+-]*)/;
const HEADING = /^\s{0,3}(#{1,6})\s+(.*?)(\s+#+)?\s*$/;
const HR = /^\s{0,3}([-*_])(\s*\1){2,}\s*$/;
const LIST = /^\s{0,3}([-*+]|\d{1,9}[.)])\s+(.*)$/;
const DELIMITER = /^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/;

/** Splits a table row on unescaped pipes, dropping the optional outer ones. */
export function splitRow(line: string): string[] {
  const cells: string[] = [];
  let cur = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (c === '\\' && line[i + 1] === '|') {
      cur += '\\|';
      i++;
    } else if (c === '|') {
      cells.push(cur);
      cur = '';
    } else cur += c;
  }
  cells.push(cur);
  if (line.trim().startsWith('|')) cells.shift();
  if (line.trim().endsWith('|') && !line.trim().endsWith('\\|')) cells.pop();
  return cells.map((c) => c.trim());
}

function alignOf(cell: string): Align {
  const left = cell.startsWith(':');
  const right = cell.endsWith(':');
  return left && right ? 'center' : right ? 'right' : left ? 'left' : null;
}

/**
 * A small CommonMark/GFM subset for benchmark reports: ATX headings, paragraphs, fenced code,
 * bullet and ordered lists, pipe tables, block quotes, thematic breaks, and the inlines of
 * parseInline. The result is a tree of plain data rendered by a component that only ever
 * creates elements and text nodes (no `{@html}`), so report text cannot inject markup.
 */
export function parseMarkdown(source: string, opts: InlineOptions): Block[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  const inline = (s: string): Inline[] => parseInline(s, opts);
  let para: string[] = [];
  const flush = (): void => {
    if (para.length) blocks.push({ type: 'paragraph', children: inline(para.join(' ')) });
    para = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const fence = FENCE.exec(line);
    if (fence) {
      flush();
      const marker = fence[1] as string;
      const body: string[] = [];
      for (i++; i < lines.length && !(lines[i] as string).trim().startsWith(marker); i++) body.push(lines[i] as string);
      blocks.push({ type: 'code', lang: fence[2] ?? '', text: body.join('\n') });
      continue;
    }
    if (line.trim() === '') {
      flush();
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      flush();
      blocks.push({ type: 'heading', level: (heading[1] as string).length as 1 | 2 | 3 | 4 | 5 | 6, children: inline(heading[2] ?? '') });
      continue;
    }
    if (HR.test(line)) {
      flush();
      blocks.push({ type: 'hr' });
      continue;
    }
    const next = lines[i + 1];
    if (line.includes('|') && next !== undefined && DELIMITER.test(next) && next.includes('-')) {
      flush();
      const header = splitRow(line);
      const align = splitRow(next).map(alignOf);
      const rows: Inline[][][] = [];
      for (i += 2; i < lines.length && (lines[i] as string).includes('|') && (lines[i] as string).trim() !== ''; i++) {
        const cells = splitRow(lines[i] as string);
        rows.push(header.map((_, k) => inline(cells[k] ?? '')));
      }
      i--;
      blocks.push({ type: 'table', align: header.map((_, k) => align[k] ?? null), header: header.map(inline), rows });
      continue;
    }
    const item = LIST.exec(line);
    if (item && para.length === 0) {
      const ordered = /\d/.test(item[1] as string);
      const items: Inline[][] = [];
      for (; i < lines.length; i++) {
        const m = LIST.exec(lines[i] as string);
        if (m && /\d/.test(m[1] as string) === ordered) items.push(inline(m[2] ?? ''));
        else if (m || (lines[i] as string).trim() === '' || !/^\s{2,}/.test(lines[i] as string)) break;
        else if (items.length) items[items.length - 1] = [...(items[items.length - 1] as Inline[]), ...inline(` ${(lines[i] as string).trim()}`)];
      }
      i--;
      blocks.push({ type: 'list', ordered, items });
      continue;
    }
    if (/^\s{0,3}>/.test(line)) {
      flush();
      const quoted: string[] = [];
      for (; i < lines.length && /^\s{0,3}>/.test(lines[i] as string); i++) quoted.push((lines[i] as string).replace(/^\s{0,3}>\s?/, ''));
      i--;
      blocks.push({ type: 'quote', children: inline(quoted.join(' ')) });
      continue;
    }
    para.push(line.trim());
  }
  flush();
  return blocks;
}

/**
 * Image sources in a benchmark report, resolved against `/v1/benchmarks/files/<scenario>/`.
 * Only relative paths to .svg/.png/.jpg files inside the scenario's folder (no "..") or that
 * folder's absolute form are allowed; remote images would leak the viewer and are refused.
 */
export function benchmarkImageResolver(scenario: string): (src: string) => string | undefined {
  const base = `/v1/benchmarks/files/${encodeURIComponent(scenario)}/`;
  return (src) => {
    const path = src.trim();
    if (!/\.(svg|png|jpe?g)$/i.test(path)) return undefined;
    if (path.startsWith(base)) return path.includes('..') ? undefined : path;
    if (/^[a-z][a-z0-9+.-]*:/i.test(path) || path.startsWith('/') || path.startsWith('\\')) return undefined;
    const parts = path.replace(/^\.\//, '').split('/');
    if (parts.some((p) => p === '..' || p === '' || p === '.')) return undefined;
    return base + parts.map(encodeURIComponent).join('/');
  };
}
