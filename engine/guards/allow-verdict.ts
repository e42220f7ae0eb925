import type { GuardVerdict } from './guard.js';

/**
 * The `allow` verdict, one frozen value shared by every guard: most checks of most requests
 * allow, and a shared constant spares an allocation per guard per decision.
 */
export const ALLOW: GuardVerdict = Object.freeze({ kind: 'allow' });
