/**
 * Runs `task` now and then every `intervalMs` after the previous run settles (never overlapping).
 * @returns cleanup that stops polling; use it as the return value of an `$effect`.
 */
export function poll(task: () => Promise<unknown>, intervalMs: number, timers: Pick<typeof globalThis, 'setTimeout' | 'clearTimeout'> = globalThis): () => void {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = async (): Promise<void> => {
    // Stores record their own errors for display; the loop only needs to keep going.
    await task().then(
      () => undefined,
      () => undefined,
    );
    if (!stopped) timer = timers.setTimeout(() => void run(), intervalMs);
  };
  void run();
  return () => {
    stopped = true;
    if (timer !== undefined) timers.clearTimeout(timer);
  };
}
