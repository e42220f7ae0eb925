/**
 * Lexicographic order by UTF-16 code units: locale-independent, so every process (and
 * every replay of a snapshot) breaks ties the same way.
 */
export function compareLexicographic(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A sorted copy; the input is not mutated. */
export function sortedLexicographic(values: readonly string[]): string[] {
  return [...values].sort(compareLexicographic);
}
