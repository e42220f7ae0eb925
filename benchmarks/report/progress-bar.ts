/** Where a progress bar writes; `process.stderr` in the CLI. */
export interface ProgressSink {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

export interface ProgressBar {
  /** Marks `done` of `total` units complete, with a short label for the current unit. */
  update(done: number, label?: string): void;
  /** Ends the bar with a newline. */
  finish(): void;
  /** Erases the bar's line on a TTY (before other output; the next update redraws it). */
  clear(): void;
}

/**
 * A one-line text progress bar (`[#####.....] 12/40 steady-state seed 3`). On a TTY it
 * redraws in place with `\r`; elsewhere (CI logs) it prints a line only every 10%.
 */
export function createProgressBar(total: number, sink: ProgressSink, width = 30): ProgressBar {
  let lastDecile = -1;
  let drawn = false;
  const render = (done: number, label: string): string => {
    const ratio = total > 0 ? Math.min(1, done / total) : 1;
    const filled = Math.round(ratio * width);
    return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${label}`;
  };
  return {
    update(done, label = '') {
      if (sink.isTTY) {
        sink.write(`\r${render(done, label).padEnd(100).slice(0, 100)}`);
        drawn = true;
        return;
      }
      const decile = total > 0 ? Math.floor((10 * done) / total) : 10;
      if (decile !== lastDecile) {
        lastDecile = decile;
        sink.write(`${render(done, label)}\n`);
      }
    },
    finish() {
      if (drawn) sink.write('\n');
      drawn = false;
    },
    clear() {
      if (drawn) sink.write(`\r${' '.repeat(100)}\r`);
      drawn = false;
    },
  };
}
