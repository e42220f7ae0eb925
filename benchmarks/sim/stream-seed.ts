/** The independent random streams of one simulation run. */
export const STREAMS = ['traffic', 'network', 'users', 'policy'] as const;
export type Stream = (typeof STREAMS)[number];

/**
 * A 32-bit seed for one concern of one run, FNV-1a of `"<seed>:<stream>"`. Separate streams
 * give common random numbers: every policy sees the same traffic and the same users for a
 * given seed, and a policy's own draws never shift the traffic.
 */
export function streamSeed(seed: number, stream: Stream | string): number {
  const text = `${seed}:${stream}`;
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
