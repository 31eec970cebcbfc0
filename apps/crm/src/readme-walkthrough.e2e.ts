// README.md's walkthrough and auditors' commands, run as written with bash and curl against a
// fresh CRM with the development keys, each answer checked against the README's `# →` comment
// and none of the others allowed to fail: the README's examples cannot go stale unnoticed.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CrmUnderTest } from './test-support/crm-under-test';
import { contains, outputs, pattern, script, shellBlock, steps, type Step } from './test-support/readme-script';

const DEV_KEYS = ['channel', 'agent', 'analyst', 'auditor', 'admin'].map((r) => `dev-${r}-key:${r}`).join(',');
/** The address the README uses; the test's CRM listens on a random port instead. */
const README_ADDRESS = 'http://127.0.0.1:3000';

let crm: CrmUnderTest;
let cwd: string;

beforeAll(async () => {
  crm = await CrmUnderTest.start({ env: { CRM_API_KEYS: DEV_KEYS } });
  cwd = mkdtempSync(join(tmpdir(), 'ledger-readme-'));
});
afterAll(async () => {
  await crm.stop();
  rmSync(cwd, { recursive: true, force: true });
});

/** Runs one README block in a fresh bash (no variables carried over: each block defines its own).
 * Asynchronously: the CRM answers from this very process, so a synchronous child would deadlock. */
async function run(heading: string): Promise<Array<Step & { output: string }>> {
  const block = steps(shellBlock(heading)).filter((s) => !s.command.startsWith('npm '));
  const source = script(block).replaceAll(README_ADDRESS, crm.url);
  const { stdout } = await promisify(execFile)('bash', ['--norc', '--noprofile', '-c', source], {
    cwd,
    env: { PATH: process.env.PATH, HOME: cwd },
  });
  const out = outputs(stdout);
  return block.map((step, i) => ({ ...step, output: out[i] }));
}

function check(step: Step & { output: string }): void {
  const context = `${step.command}\n→ ${step.output.slice(0, 600)}`;
  let body: unknown;
  try {
    body = JSON.parse(step.output);
  } catch {
    body = undefined;
  }
  if (step.expected === undefined) {
    // No comment: the command must simply succeed.
    const status = (body as { statusCode?: number } | undefined)?.statusCode;
    expect([context, status !== undefined && status >= 400]).toEqual([context, false]);
    return;
  }
  if (step.expected.startsWith('{')) {
    expect([context, contains(body, pattern(step.expected))]).toEqual([context, true]);
  } else {
    expect(step.output).toContain(step.expected);
  }
}

describe('README walkthrough', () => {
  it('runs the five-minute walkthrough as written', async () => {
    const ran = await run('A five-minute walkthrough');
    expect(ran.filter((s) => s.command.includes('curl')).length).toBeGreaterThanOrEqual(20);
    expect(ran.filter((s) => s.expected).length).toBeGreaterThanOrEqual(3);
    for (const step of ran) check(step);
  });

  it("runs the auditors' commands as written", async () => {
    const ran = await run('Auditors');
    expect(ran.filter((s) => s.command.includes('curl')).length).toBeGreaterThan(10);
    for (const step of ran) check(step);
  });
});
