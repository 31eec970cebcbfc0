// Command-line options common to all scenarios: `--smoke` shrinks every scenario to seconds
// (the test suite runs it), `--quiet` keeps the console for the summary only.
export interface BenchArgs {
  smoke: boolean;
  quiet: boolean;
  /** Extra `--name=value` options a scenario may read (e.g. --events=1000000). */
  options: Map<string, string>;
}

export function parseArgs(argv: string[] = process.argv.slice(2)): BenchArgs {
  const options = new Map<string, string>();
  for (const arg of argv) {
    const match = /^--([\w-]+)(?:=(.*))?$/.exec(arg);
    if (match) options.set(match[1], match[2] ?? 'true');
  }
  return { smoke: options.has('smoke'), quiet: options.has('quiet'), options };
}

export function numberOption(args: BenchArgs, name: string, fallback: number): number {
  const raw = args.options.get(name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`--${name} must be a positive number`);
  return value;
}

export function listOption(args: BenchArgs, name: string, fallback: number[]): number[] {
  const raw = args.options.get(name);
  return raw ? raw.split(',').map(Number) : fallback;
}

export function log(args: BenchArgs, message: string): void {
  if (!args.quiet) console.log(`[bench] ${message}`);
}
