/** Escapes text for an SVG/XML text node or attribute. */
export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Ten distinguishable colours (Tableau 10), assigned to series in order. */
export const PALETTE = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ac',
] as const;

export function colorAt(index: number): string {
  return PALETTE[index % PALETTE.length] as string;
}

/** Short decimal for axis labels: at most 3 significant digits, no trailing zeros. */
export function tickLabel(value: number): string {
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 1000) return `${Number((value / 1000).toPrecision(3))}k`;
  return String(Number(value.toPrecision(3)));
}

/**
 * Up to `count + 1` "nice" tick values covering [min, max] (steps of 1, 2 or 5 x 10^k),
 * after Heckbert, "Nice numbers for graph labels", Graphics Gems (1990).
 */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!(Number.isFinite(min) && Number.isFinite(max))) return [0, 1];
  if (max <= min) max = min + 1;
  const raw = (max - min) / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((m) => m * magnitude >= raw) ?? 10) * magnitude;
  const ticks: number[] = [];
  for (let v = Math.floor(min / step) * step; v <= max + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  if ((ticks[ticks.length - 1] ?? min) < max) ticks.push(Number(((ticks[ticks.length - 1] ?? min) + step).toPrecision(12)));
  return ticks;
}
