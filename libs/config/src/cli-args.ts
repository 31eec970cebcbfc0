// The command-line tools' arguments, parsed strictly (node:util parseArgs): an unknown option, an
// option without its value or a flag given one is refused with the reason, instead of being
// ignored or taking the next argument as its value (a misspelt `--resume` started an import over;
// a misspelt `--checkpoints` let verify pass without the witness). Its own entry,
// `@ledger/config/cli-args`: the tools load nothing else for it.
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

/**
 * `argv` parsed, with `--help` understood by every tool; or the exit code once `usage` is printed:
 * 2 for a command line refused (with the reason first), 0 for --help (`spec.help` if the tool
 * describes its options, else the usage). `positionals`: the most arguments besides options the
 * tool takes (none by default); more are refused, each named.
 */
export function commandLine(
  argv: string[],
  spec: { options: readonly string[]; flags: readonly string[]; positionals?: number; help?: string },
  usage: string,
  print: (line: string) => void,
): CliArgs | number {
  let args: CliArgs;
  try {
    args = parseCliArgs(argv, { options: spec.options, flags: [...spec.flags, 'help'] });
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    return refuse(print, error.message, usage);
  }
  const extra = args.positional.slice(spec.positionals ?? 0);
  if (extra.length > 0) return refuse(print, `unexpected ${extra.map((arg) => `'${arg}'`).join(', ')}`, usage);
  if (!args.flags.has('help')) return args;
  print(spec.help ?? usage);
  return 0;
}

/** A command line refused: the reason, then the usage; exit code 2. */
export function refuse(print: (line: string) => void, reason: string, usage: string): number {
  print(`${reason}\n${usage}`);
  return 2;
}
