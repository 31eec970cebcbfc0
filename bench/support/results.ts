// Where figures go: one JSON file per scenario run, `bench/results/<scenario>-<date>.json`
// (git-ignored), with the machine and load average recorded beside the figures because the
// bench machines are shared and a busy neighbour changes every number.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import type { BenchArgs } from './args';

export interface Machine {
  cores: number;
  cpuModel: string;
  memoryGb: number;
  node: string;
  platform: string;
  disk: string;
}

/** The workspace root: the nearest folder above this file holding the workspace package.json. */
export function repoRoot(from = __dirname): string {
  let dir = from;
  while (dir !== dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).name === 'ledger-crm') return dir;
    dir = dirname(dir);
  }
  throw new Error(`no workspace root above ${from}`);
}

export function resultsDir(args: BenchArgs): string {
  const dir = args.options.get('out') ?? join(repoRoot(), 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  return dir;
}

export function machine(dataDir = repoRoot()): Machine {
  return {
    cores: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    disk: describeDisk(dataDir),
  };
}

function describeDisk(dir: string): string {
  try {
    const df = execFileSync('df', ['-hT', dir], { encoding: 'utf8' }).trim().split('\n').pop() ?? '';
    return df.replace(/\s+/g, ' ');
  } catch {
    return 'unknown';
  }
}

export const loadAverage = (): number[] => loadavg().map((n) => Number(n.toFixed(2)));

export interface ScenarioReport {
  scenario: string;
  smoke: boolean;
  startedAt: string;
  finishedAt: string;
  loadBefore: number[];
  loadAfter: number[];
  machine: Machine;
  figures: Record<string, unknown>;
  notes: string[];
}

/** Runs `measure`, wraps its figures with the context, writes the JSON and returns the report and its path. */
export async function runScenario(
  name: string,
  args: BenchArgs,
  measure: (notes: string[]) => Promise<Record<string, unknown>>,
): Promise<{ report: ScenarioReport; file: string }> {
  const notes: string[] = [];
  const startedAt = new Date().toISOString();
  const loadBefore = loadAverage();
  const figures = await measure(notes);
  const report: ScenarioReport = {
    scenario: name,
    smoke: args.smoke,
    startedAt,
    finishedAt: new Date().toISOString(),
    loadBefore,
    loadAfter: loadAverage(),
    machine: machine(),
    figures,
    notes,
  };
  const stamp = startedAt.replace(/[:.]/g, '-');
  const file = join(resultsDir(args), `${name}${args.smoke ? '-smoke' : ''}-${stamp}.json`);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  if (!args.quiet) console.log(`[bench] ${name}: ${JSON.stringify(figures)}\n[bench] written ${file}`);
  return { report, file };
}
