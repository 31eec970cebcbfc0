// Parent side of crm-child: start the real CRM in its own process on a loopback port, with a
// throw-away data directory and the chosen durability, and read its store counters.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exited, forkEntry, nextMessage } from './child';
import type { CpuTimes } from './process-cpu';

export interface StoreStats {
  transactions: number;
  appends: number;
  events: number;
  cpu: CpuTimes;
}

export const KEYS = {
  channel: 'bench-channel-key',
  agent: 'bench-agent-key',
  analyst: 'bench-analyst-key',
  admin: 'bench-admin-key',
};

/** CRM_API_KEYS for KEYS: every child speaking our HTTP stack accepts the bench's keys. */
export const API_KEYS_ENV = Object.entries(KEYS)
  .map(([role, key]) => `${key}:${role}`)
  .join(',');

export interface RunningCrm {
  url: string;
  dataDir: string;
  child: ChildProcess;
  stats(): Promise<StoreStats>;
  stop(): Promise<void>;
}

export async function startCrmProcess(options: {
  durability: 'FULL' | 'NORMAL';
  dataDir?: string;
  keepData?: boolean;
  /** How long the CRM may take to start (it loads every read model first; default 120 s). */
  startTimeoutMs?: number;
}): Promise<RunningCrm> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'ledger-bench-crm-'));
  const child = forkEntry('support/crm-child', {
    CRM_PORT: '0',
    CRM_HOST: '127.0.0.1',
    CRM_DATA_DIR: dataDir,
    CRM_DURABILITY: options.durability,
    CRM_LOG_LEVEL: 'error',
    CRM_API_KEYS: API_KEYS_ENV,
  });
  const ready = await nextMessage<{ type: string; url: string }>(
    child,
    (m) => m.type === 'ready',
    options.startTimeoutMs,
  );
  return {
    url: ready.url,
    dataDir,
    child,
    async stats() {
      const answer = nextMessage<{ type: string; stats: StoreStats }>(child, (m) => m.type === 'stats', 10_000);
      child.send({ type: 'stats' });
      return (await answer).stats;
    },
    async stop() {
      if (child.connected) child.send({ type: 'stop' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited(child);
      clearTimeout(timer);
      if (!options.keepData && !options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
