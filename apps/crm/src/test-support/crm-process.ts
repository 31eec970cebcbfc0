// The embedded CRM in a child process of its own (apps/crm main.ts, compiled on the fly from the
// sources), on a fixed port so it can be killed with SIGKILL and started again where clients
// expect it. Its standard output is kept: every line must be one JSON log object.
import { fork, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { KEYS } from './crm-under-test';

const ROOT = join(__dirname, '..', '..', '..', '..');

/** A port nothing listens on now (the kernel's pick, released at once). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export class CrmProcess {
  private child: ChildProcess | null = null;
  /** Standard output lines of every run so far. */
  readonly logLines: string[] = [];

  constructor(
    readonly dataDir: string,
    readonly port: number,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Starts the CRM and resolves once /health/ready answers 200. */
  async start(timeoutMs = 60_000): Promise<void> {
    const child = fork(join(ROOT, 'apps', 'crm', 'src', 'main.ts'), [], {
      cwd: ROOT,
      env: {
        PATH: process.env['PATH'],
        CRM_HOST: '127.0.0.1',
        CRM_PORT: String(this.port),
        CRM_DATA_DIR: this.dataDir,
        CRM_LOG_LEVEL: 'info',
        CRM_API_KEYS: Object.entries(KEYS)
          .map(([role, key]) => `${key}:${role}`)
          .join(','),
      },
      execArgv: ['-r', join(ROOT, 'tools', 'register-ts.cjs')],
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    });
    this.child = child;
    let partial = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      const lines = (partial + chunk.toString('utf8')).split('\n');
      partial = lines.pop() ?? '';
      this.logLines.push(...lines.filter(Boolean));
    });
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`the CRM exited with code ${child.exitCode} while starting`);
      const status = await fetch(`${this.url}/health/ready`).then(
        (reply) => reply.status,
        () => 0,
      );
      if (status === 200) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`the CRM was not ready within ${timeoutMs} ms`);
  }

  /** kill -9: no shutdown hook runs, whatever was in flight is cut off. */
  async kill(): Promise<void> {
    await this.signal('SIGKILL');
  }

  /** A normal stop (SIGTERM): shutdown hooks close the stores. */
  async stop(): Promise<void> {
    await this.signal('SIGTERM');
  }

  private async signal(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
    this.child = null;
  }
}
