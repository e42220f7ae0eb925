import { describe, expect, it } from 'vitest';
import { benchmarkImageResolver, parseMarkdown, splitRow } from './markdown.js';
import { parseInline, safeHref } from './markdown-inline.js';

const opts = { resolveImage: benchmarkImageResolver('drift') };

describe('parseMarkdown', () => {
  it('parses headings, paragraphs, lists, code and rules', () => {
    const md = '# Title #\n\nSome *text*\ncontinued.\n\n- one\n- **two**\n\n1. first\n2. second\n\n```ts\nconst x = 1 < 2;\n```\n\n---\n> quoted';
    expect(parseMarkdown(md, opts)).toEqual([
      { type: 'heading', level: 1, children: [{ type: 'text', text: 'Title' }] },
      { type: 'paragraph', children: [{ type: 'text', text: 'Some ' }, { type: 'em', children: [{ type: 'text', text: 'text' }] }, { type: 'text', text: ' continued.' }] },
      { type: 'list', ordered: false, items: [[{ type: 'text', text: 'one' }], [{ type: 'strong', children: [{ type: 'text', text: 'two' }] }]] },
      { type: 'list', ordered: true, items: [[{ type: 'text', text: 'first' }], [{ type: 'text', text: 'second' }]] },
      { type: 'code', lang: 'ts', text: 'const x = 1 < 2;' },
      { type: 'hr' },
      { type: 'quote', children: [{ type: 'text', text: 'quoted' }] },
    ]);
  });

  it('parses a pipe table with alignment, escaped pipes and short rows', () => {
    const md = '| policy | regret | note |\n|:--|--:|:-:|\n| ts | 12.5 | a \\| b |\n| ucb1 | 30 |';
    const [table] = parseMarkdown(md, opts);
    expect(table).toMatchObject({ type: 'table', align: ['left', 'right', 'center'] });
    if (table?.type !== 'table') throw new Error('expected a table');
    expect(table.rows[0]?.[2]).toEqual([{ type: 'text', text: 'a | b' }]);
    expect(table.rows[1]?.[2]).toEqual([]);
  });

  it('keeps raw HTML and script as plain text (the renderer escapes text)', () => {
    const blocks = parseMarkdown('<script>alert(1)</script> <img src=x onerror=alert(1)>', opts);
    expect(blocks).toEqual([{ type: 'paragraph', children: [{ type: 'text', text: '<script>alert(1)</script> <img src=x onerror=alert(1)>' }] }]);
  });

  it('resolves report images into the scenario folder and refuses others', () => {
    const [p] = parseMarkdown('![regret](charts/regret.svg) ![x](https://evil.example/x.svg) ![y](../../secret.svg) ![z](/etc/passwd.png)', opts);
    expect(p).toEqual({
      type: 'paragraph',
      children: [
        { type: 'image', src: '/v1/benchmarks/files/drift/charts/regret.svg', alt: 'regret' },
        { type: 'text', text: ' [image: x] [image: y] [image: z]' },
      ],
    });
  });
});

describe('splitRow', () => {
  it('drops outer pipes and trims cells', () => {
    expect(splitRow('| a | b |')).toEqual(['a', 'b']);
    expect(splitRow('a|b')).toEqual(['a', 'b']);
  });
});

describe('parseInline', () => {
  it('parses code spans without interpreting their content', () => {
    expect(parseInline('run `npm **test**` now', opts)).toEqual([
      { type: 'text', text: 'run ' },
      { type: 'code', text: 'npm **test**' },
      { type: 'text', text: ' now' },
    ]);
  });

  it('keeps snake_case words and escaped markers literal', () => {
    expect(parseInline('sw_success_rate \\*not em\\*', opts)).toEqual([{ type: 'text', text: 'sw_success_rate *not em*' }]);
  });

  it('keeps safe links and strips unsafe ones to their text', () => {
    expect(parseInline('[x](javascript:alert(1)).', opts)).toEqual([{ type: 'text', text: 'x.' }]);
    expect(parseInline('[w](https://en.wikipedia.org/wiki/F_(x))', opts)).toEqual([
      { type: 'link', href: 'https://en.wikipedia.org/wiki/F_(x)', children: [{ type: 'text', text: 'w' }] },
    ]);
    expect(parseInline('[docs](https://example.org/a) [x](javascript:void) [*y*](#top)', opts)).toEqual([
      { type: 'link', href: 'https://example.org/a', children: [{ type: 'text', text: 'docs' }] },
      { type: 'text', text: ' x ' },
      { type: 'link', href: '#top', children: [{ type: 'em', children: [{ type: 'text', text: 'y' }] }] },
    ]);
  });
});

describe('safeHref', () => {
  it.each([
    ['https://a.b/c', 'https://a.b/c'],
    ['http://a.b', 'http://a.b'],
    ['mailto:x@y.z', 'mailto:x@y.z'],
    ['/v1/benchmarks/files/a/b.svg', '/v1/benchmarks/files/a/b.svg'],
    ['report.md#x', 'report.md#x'],
    ['javascript:alert(1)', undefined],
    ['JaVaScRiPt:alert(1)', undefined],
    [' java\tscript:alert(1)', undefined],
    ['data:text/html,<b>', undefined],
    ['vbscript:x', undefined],
  ])('%s -> %s', (raw, expected) => {
    expect(safeHref(raw)).toBe(expected);
  });
});
