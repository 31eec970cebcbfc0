// A private PostgreSQL 15 cluster for the Emmett baseline: initdb in a temp directory, started
// on port 55432 (socket in /tmp) with the Debian defaults that matter here — fsync=on,
// synchronous_commit=on — and always stopped and removed afterwards.
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

const BIN = '/usr/lib/postgresql/15/bin';
export const PG_PORT = 55432;

export interface Cluster {
  connectionString: string;
  settings: Record<string, string>;
  stop(): void;
}

export function postgresAvailable(): string | undefined {
  return existsSync(join(BIN, 'postgres')) ? undefined : `${BIN}/postgres not found (apt-get install -y postgresql)`;
}

/** Runs a PostgreSQL tool as the postgres user (it refuses to run as root). */
function asPostgres(tool: string, args: string[]): string {
  const command = [join(BIN, tool), ...args];
  if (userInfo().uid !== 0) return execFileSync(command[0], command.slice(1), { encoding: 'utf8' });
  const quoted = command.map((part) => `'${part.replace(/'/g, `'\\''`)}'`).join(' ');
  return execFileSync('su', ['postgres', '-c', quoted], { encoding: 'utf8' });
}

export function startCluster(): Cluster {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-bench-pg-'));
  if (userInfo().uid === 0) {
    const [uid, gid] = ids();
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  asPostgres('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  asPostgres('pg_ctl', ['-D', data, '-o', `-p ${PG_PORT} -k /tmp`, '-l', join(dir, 'server.log'), '-w', 'start']);
  let stopped = false;
  return {
    connectionString: `postgresql://postgres@127.0.0.1:${PG_PORT}/postgres`,
    settings: {},
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        asPostgres('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

function ids(): [number, number] {
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  return [uid, gid];
}
