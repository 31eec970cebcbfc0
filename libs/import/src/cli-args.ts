// The import and export CLIs' arguments, parsed strictly (node:util parseArgs): an unknown
// option, an option without its value or a flag given one is refused with the reason, instead
// of being ignored or taking the next argument as its value (a misspelt `--resume` used to start
// the import over).
import { parseArgs } from 'node:util';

/** A command line the CLI cannot run: said to the user with the usage, exit code 2. */
export class UsageError extends Error {}

export interface CliArgs {
  positional: string[];
  /** Options that take a value, by name without the dashes. */
  options: Record<string, string>;
  flags: Set<string>;
}

export function parseCliArgs(argv: string[], spec: { options: readonly string[]; flags: readonly string[] }): CliArgs {
  const config = Object.fromEntries([
    ...spec.options.map((name) => [name, { type: 'string' as const }]),
    ...spec.flags.map((name) => [name, { type: 'boolean' as const }]),
  ]);
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: config, strict: true, allowPositionals: true });
  } catch (error) {
    throw new UsageError(reasonOf(error));
  }
  const args: CliArgs = { positional: parsed.positionals, options: {}, flags: new Set() };
  for (const [name, value] of Object.entries(parsed.values)) {
    if (typeof value === 'string') args.options[name] = value;
    else if (value === true) args.flags.add(name);
  }
  return args;
}

/** Node's message, shortened to what the user has to change. */
function reasonOf(error: unknown): string {
  const { code, message } = error as { code?: string; message?: string };
  const option = /'(-[^' ]+)/.exec(message ?? '')?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) return `unknown option '${option}'`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) {
    return /does not take an argument/.test(message ?? '')
      ? `${option} takes no value`
      : `${option} needs a value (${option} <value>, or ${option}=<value> for one starting with -)`;
  }
  return String(message ?? error);
}
