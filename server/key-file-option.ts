/**
 * Takes `--key-file FILE` out of a command's arguments; the path defaults to
 * `ROUTEWISE_KEY_FILE`, then `./data/keys.json` (the server's own default).
 * @returns the path and the remaining arguments, or an error message for a missing value
 */
export function takeKeyFileOption(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
): { readonly path: string; readonly args: string[] } | { readonly error: string } {
  const args = [...argv];
  const at = args.indexOf('--key-file');
  if (at < 0) return { path: env.ROUTEWISE_KEY_FILE ?? './data/keys.json', args };
  const value = args[at + 1];
  if (value === undefined || value.startsWith('--')) return { error: '--key-file needs a path' };
  args.splice(at, 2);
  return { path: value, args };
}
