import { colorAt, escapeXml, niceTicks, tickLabel } from './svg.js';

export interface LineSeries {
  readonly name: string;
  /** [x, y] points; non-finite y values break the line. */
  readonly points: readonly (readonly [number, number])[];
  readonly dashed?: boolean;
}

/** A shaded x-range, e.g. an incident. */
export interface Band {
  readonly from: number;
  readonly to: number;
  readonly label: string;
}

export interface LineChartSpec {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: readonly LineSeries[];
  readonly bands?: readonly Band[];
  /** Fixed y range; otherwise fitted to the data. */
  readonly yMin?: number;
  readonly yMax?: number;
}

const W = 760;
const H = 360;
const M = { left: 64, right: 180, top: 36, bottom: 48 } as const;

/** A hand-written SVG line chart with a legend on the right and shaded bands. */
export function lineChart(spec: LineChartSpec): string {
  const xs: number[] = [];
  const ys: number[] = [];
  for (const s of spec.series) {
    for (const [x, y] of s.points) {
      if (Number.isFinite(x)) xs.push(x);
      if (Number.isFinite(y)) ys.push(y);
    }
  }
  const xTicks = niceTicks(Math.min(0, ...xs), xs.length > 0 ? Math.max(...xs) : 1);
  const yTicks = niceTicks(spec.yMin ?? (ys.length > 0 ? Math.min(...ys) : 0), spec.yMax ?? (ys.length > 0 ? Math.max(...ys) : 1));
  const x0 = xTicks[0] ?? 0;
  const x1 = xTicks[xTicks.length - 1] ?? 1;
  const y0 = yTicks[0] ?? 0;
  const y1 = yTicks[yTicks.length - 1] ?? 1;
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const px = (x: number): number => M.left + ((x - x0) / (x1 - x0 || 1)) * plotW;
  const py = (y: number): number => M.top + plotH - ((y - y0) / (y1 - y0 || 1)) * plotH;
  const f = (v: number): string => v.toFixed(1);

  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    `<text x="${M.left}" y="20" font-size="14" font-weight="bold">${escapeXml(spec.title)}</text>`,
  ];
  for (const band of spec.bands ?? []) {
    const bx = px(Math.max(x0, band.from));
    const bw = Math.max(1, px(Math.min(x1, band.to)) - bx);
    out.push(`<rect x="${f(bx)}" y="${M.top}" width="${f(bw)}" height="${plotH}" fill="#e15759" fill-opacity="0.12"/>`);
    out.push(`<text x="${f(bx + 2)}" y="${M.top + 12}" fill="#a33">${escapeXml(band.label)}</text>`);
  }
  for (const t of yTicks) {
    out.push(`<line x1="${M.left}" x2="${M.left + plotW}" y1="${f(py(t))}" y2="${f(py(t))}" stroke="#e5e5e5"/>`);
    out.push(`<text x="${M.left - 6}" y="${f(py(t) + 4)}" text-anchor="end">${tickLabel(t)}</text>`);
  }
  for (const t of xTicks) {
    out.push(`<text x="${f(px(t))}" y="${M.top + plotH + 16}" text-anchor="middle">${tickLabel(t)}</text>`);
  }
  out.push(`<rect x="${M.left}" y="${M.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#999"/>`);
  out.push(`<text x="${M.left + plotW / 2}" y="${H - 10}" text-anchor="middle">${escapeXml(spec.xLabel)}</text>`);
  out.push(
    `<text transform="translate(16 ${M.top + plotH / 2}) rotate(-90)" text-anchor="middle">${escapeXml(spec.yLabel)}</text>`,
  );
  spec.series.forEach((s, i) => {
    const segments: string[] = [];
    let current = '';
    for (const [x, y] of s.points) {
      if (!Number.isFinite(x) || !Number.isFinite(y)) {
        if (current) segments.push(current);
        current = '';
        continue;
      }
      current += `${current ? 'L' : 'M'}${f(px(x))} ${f(py(y))}`;
    }
    if (current) segments.push(current);
    const dash = s.dashed ? ' stroke-dasharray="5 3"' : '';
    for (const d of segments) out.push(`<path d="${d}" fill="none" stroke="${colorAt(i)}" stroke-width="1.6"${dash}/>`);
    const ly = M.top + 6 + i * 16;
    out.push(`<line x1="${W - M.right + 12}" x2="${W - M.right + 32}" y1="${ly}" y2="${ly}" stroke="${colorAt(i)}" stroke-width="2"${dash}/>`);
    out.push(`<text x="${W - M.right + 38}" y="${ly + 4}">${escapeXml(s.name)}</text>`);
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
