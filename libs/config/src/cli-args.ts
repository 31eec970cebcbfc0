// The command-line tools' arguments, parsed strictly (node:util parseArgs): an unknown option, an
// option without its value or a flag given one is refused with the reason, instead of being
// ignored or taking the next argument as its value (a misspelt `--resume` started an import over;
// a misspelt `--checkpoints` let verify pass without the witness). Its own entry,
// `@ledger/config/cli-args`: the tools load nothing else for it.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

/** A command line the CLI cannot run: said to the user with the usage, exit code 2. */
export class UsageError extends Error {}

export interface CliArgs {
  positional: string[];
  /** Options that take a value, by name without the dashes. */
  options: Record<string, string>;
  flags: Set<string>;
  /** The directory the user typed the command in: the files it names are from there (see userDirectory). */
  directory: string;
}

/** What a tool's command line holds, and which of it are paths (see commandLine). */
export interface CliSpec {
  options: readonly string[];
  flags: readonly string[];
  /** The most arguments besides options the tool takes (none by default). */
  positionals?: number;
  /** Its --help, when it says more than the usage. */
  help?: string;
  /** The npm script that runs the tool (`npm run import`): see userDirectory. */
  script?: string;
  /** Options whose values are paths, and whether its other arguments are. */
  paths?: readonly string[];
  positionalPaths?: boolean;
}

/**
 * Where the user ran the tool. npm runs a package's scripts from its root, whatever directory
 * `npm run import -- orders.csv` was typed in, and says which in INIT_CWD: a file named there is
 * looked for there. Only for the tool's own script (npm_lifecycle_event), so a tool a test
 * starts under `npm test` keeps its own working directory.
 */
export function userDirectory(script: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const from = env['INIT_CWD'];
  return script !== undefined && from && env['npm_lifecycle_event'] === script ? resolve(from) : process.cwd();
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
  const args: CliArgs = { positional: parsed.positionals, options: {}, flags: new Set(), directory: process.cwd() };
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
 * describes its options, else the usage). Arguments beyond `spec.positionals` are refused, each
 * named. Paths (`spec.paths`, `positionalPaths`) come back absolute, from the user's directory.
 */
export function commandLine(
  argv: string[],
  spec: CliSpec,
  usage: string,
  print: (line: string) => void,
  env: NodeJS.ProcessEnv = process.env,
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
  if (args.flags.has('help')) {
    print(spec.help ?? usage);
    return 0;
  }
  args.directory = userDirectory(spec.script, env);
  for (const name of spec.paths ?? []) {
    const value = args.options[name];
    if (value === undefined) continue;
    // resolve() makes '' the directory itself: `--data-dir "$DIR"` with DIR unset would write there.
    if (value.trim() === '') return refuse(print, `--${name} needs a path, got nothing`, usage);
    args.options[name] = resolve(args.directory, value);
  }
  if (spec.positionalPaths) args.positional = args.positional.map((arg) => resolve(args.directory, arg));
  return args;
}

/** A command line refused: the reason, then the usage; exit code 2. */
export function refuse(print: (line: string) => void, reason: string, usage: string): number {
  print(`${reason}\n${usage}`);
  return 2;
}
