import { colorAt, escapeXml, niceTicks, tickLabel } from './svg.js';

export interface Bar {
  readonly label: string;
  readonly value: number;
  /** Interval drawn as an error bar when both ends are finite. */
  readonly lower?: number;
  readonly upper?: number;
}

export interface BarChartSpec {
  readonly title: string;
  readonly yLabel: string;
  readonly bars: readonly Bar[];
}

const W = 760;
const H = 340;
const M = { left: 64, right: 16, top: 36, bottom: 80 } as const;

/** A hand-written SVG bar chart with 95% interval whiskers; non-finite values draw no bar. */
export function barChart(spec: BarChartSpec): string {
  const tops = spec.bars.flatMap((b) => [b.value, b.upper ?? b.value]).filter((v) => Number.isFinite(v));
  const ticks = niceTicks(0, tops.length > 0 ? Math.max(...tops) : 1);
  const yMax = ticks[ticks.length - 1] ?? 1;
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const py = (y: number): number => M.top + plotH - (y / (yMax || 1)) * plotH;
  const f = (v: number): string => v.toFixed(1);
  const slot = plotW / Math.max(1, spec.bars.length);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    `<text x="${M.left}" y="20" font-size="14" font-weight="bold">${escapeXml(spec.title)}</text>`,
  ];
  for (const t of ticks) {
    out.push(`<line x1="${M.left}" x2="${M.left + plotW}" y1="${f(py(t))}" y2="${f(py(t))}" stroke="#e5e5e5"/>`);
    out.push(`<text x="${M.left - 6}" y="${f(py(t) + 4)}" text-anchor="end">${tickLabel(t)}</text>`);
  }
  out.push(
    `<text transform="translate(16 ${M.top + plotH / 2}) rotate(-90)" text-anchor="middle">${escapeXml(spec.yLabel)}</text>`,
  );
  spec.bars.forEach((b, i) => {
    const cx = M.left + slot * (i + 0.5);
    if (Number.isFinite(b.value)) {
      const top = py(Math.max(0, b.value));
      out.push(
        `<rect x="${f(cx - slot * 0.3)}" y="${f(top)}" width="${f(slot * 0.6)}" height="${f(M.top + plotH - top)}" fill="${colorAt(i)}"/>`,
      );
    }
    if (b.lower !== undefined && b.upper !== undefined && Number.isFinite(b.lower) && Number.isFinite(b.upper)) {
      const [lo, hi] = [py(Math.max(0, b.lower)), py(b.upper)];
      out.push(`<path d="M${f(cx)} ${f(lo)}V${f(hi)}M${f(cx - 5)} ${f(lo)}H${f(cx + 5)}M${f(cx - 5)} ${f(hi)}H${f(cx + 5)}" stroke="#333"/>`);
    }
    out.push(
      `<text transform="translate(${f(cx)} ${M.top + plotH + 10}) rotate(35)" text-anchor="start">${escapeXml(b.label)}</text>`,
    );
  });
  out.push(`<rect x="${M.left}" y="${M.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#999"/>`);
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
