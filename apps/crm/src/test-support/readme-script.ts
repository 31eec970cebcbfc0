// Turns a README shell block into a script whose commands can be checked one by one: each
// command's output is fenced by a marker, and each `# → …` comment becomes the expectation for
// the command above it. The README's pseudo-JSON (`…` for "more here") becomes a partial match.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const README = join(__dirname, '..', '..', '..', '..', 'README.md');

export interface Step {
  /** The command as written (continuation lines joined). */
  command: string;
  /** The `# →` comment under it, if any. */
  expected?: string;
}

/** The first ```sh block after the heading `## <heading>`. */
export function shellBlock(heading: string, markdown = readFileSync(README, 'utf8')): string {
  const start = markdown.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`README has no section "${heading}"`);
  const open = markdown.indexOf('```sh\n', start);
  const close = markdown.indexOf('\n```', open + 6);
  return markdown.slice(open + 6, close);
}

export function steps(block: string): Step[] {
  const result: Step[] = [];
  const lines = block.split('\n');
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i];
    const trimmed = line.trim();
    if (trimmed.startsWith('# →')) {
      const last = result.at(-1);
      if (last) last.expected = trimmed.slice(3).trim();
      continue;
    }
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    while (line.endsWith('\\') && i + 1 < lines.length) line = `${line.slice(0, -1)}${lines[++i].trimStart()}`;
    result.push({ command: line });
  }
  return result;
}

export const MARK = '@@README-STEP-END@@';

/** One bash script running every step, each output followed by a marker line. */
export const script = (all: readonly Step[]): string =>
  ['set -u', ...all.flatMap((s) => [s.command, `printf '\\n${MARK}\\n'`])].join('\n');

export const outputs = (stdout: string): string[] => stdout.split(`\n${MARK}\n`).map((out) => out.trim());

const ANY = '\u0000any';

/** `{"a":1,"b":"…","c":[{"t":"X"…}],…}` → a pattern object; `…` inside a value means any value. */
export function pattern(expected: string): unknown {
  const json = expected.replace(/"…"/g, JSON.stringify(ANY)).replace(/,\s*…/g, '').replace(/…/g, '');
  return JSON.parse(json);
}

/** Does `actual` contain everything `expected` names (objects: a subset; arrays: item by item)? */
export function contains(actual: unknown, expected: unknown): boolean {
  if (expected === ANY) return actual !== undefined;
  if (Array.isArray(expected)) return Array.isArray(actual) && expected.every((item, i) => contains(actual[i], item));
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object') return false;
    return Object.entries(expected).every(([k, v]) => contains((actual as Record<string, unknown>)[k], v));
  }
  return actual === expected;
}
