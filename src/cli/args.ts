/**
 * Minimal argument parsing for the `mailwarden` command: positionals and `--name value` /
 * `--name=value` options. Unknown options are errors, so typos do not pass silently.
 */
export class UsageError extends Error {}

export interface ParsedArgs {
  positionals: string[];
  options: Record<string, string>;
}

/** `flags` are options without a value (`--json`); they parse as `'true'`. */
export function parseArgs(argv: readonly string[], allowed: readonly string[], flags: readonly string[] = []): ParsedArgs {
  const positionals: string[] = [];
  const options: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    if (flags.includes(name) && eq === -1) {
      options[name] = 'true';
      continue;
    }
    if (!allowed.includes(name)) throw new UsageError(`Unknown option --${name}. Options here: ${[...allowed, ...flags].map((a) => `--${a}`).join(', ') || 'none'}.`);
    let value: string | undefined = eq === -1 ? undefined : arg.slice(eq + 1);
    if (value === undefined) {
      value = argv[i + 1];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`Option --${name} needs a value.`);
      i++;
    }
    options[name] = value;
  }
  return { positionals, options };
}

export function required(options: Record<string, string>, name: string): string {
  const value = options[name];
  if (value === undefined || value === '') throw new UsageError(`Missing --${name}.`);
  return value;
}
