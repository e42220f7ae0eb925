/**
 * A start-up failure the operator fixes in the environment or a file (a missing key file, a bad
 * providers file, a port in use): `npm start` prints its message alone, without a stack trace,
 * and exits with status 2 as for an invalid environment variable.
 */
export class StartupError extends Error {
  override readonly name = 'StartupError';
}

/** Runs one start-up step that reads operator input; whatever it throws becomes a {@link StartupError} with the same message. */
export function startupStep<T>(step: () => T): T {
  try {
    return step();
  } catch (err) {
    throw new StartupError(err instanceof Error ? err.message : String(err), { cause: err });
  }
}

/** The listen error (EADDRINUSE, EACCES) as the operator's problem, naming the address and what to change. */
export function listenProblem(err: Error & { code?: string }, host: string, port: number): Error {
  if (err.code === 'EADDRINUSE')
    return new StartupError(
      `${host}:${port} is already in use (another routewise, or another program): stop it or set PORT`,
      {
        cause: err,
      },
    );
  if (err.code === 'EACCES' || err.code === 'EADDRNOTAVAIL')
    return new StartupError(
      `cannot listen on ${host}:${port} (${err.code}): set PORT (ports below 1024 need privileges) or HOST`,
      {
        cause: err,
      },
    );
  return err;
}
