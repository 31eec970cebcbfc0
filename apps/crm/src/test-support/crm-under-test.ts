// Starts the real `crm` app on a random port over a fresh data directory and talks to it
// with real HTTP, as a channel, an agent, an analyst or an admin would.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DestinationStream } from 'pino';
import type { StartedApp } from '@ledger/platform';
import { startCrm } from '../crm';

export const KEYS = {
  channel: 'test-channel-key-1',
  agent: 'test-agent-key-1',
  analyst: 'test-analyst-key-1',
  auditor: 'test-auditor-key-1',
  admin: 'test-admin-key-1',
} as const;
export type Role = keyof typeof KEYS;

export interface Reply<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export class CrmUnderTest {
  private constructor(
    private readonly started: StartedApp,
    readonly dataDir: string,
    private readonly ownsDir: boolean,
  ) {}

  static async start(
    options: { dataDir?: string; env?: Record<string, string>; logs?: DestinationStream } = {},
  ): Promise<CrmUnderTest> {
    const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'ledger-e2e-'));
    const started = await startCrm(
      {
        CRM_PORT: '0',
        CRM_HOST: '127.0.0.1',
        CRM_DATA_DIR: dataDir,
        CRM_LOG_LEVEL: 'silent',
        CRM_API_KEYS: Object.entries(KEYS)
          .map(([role, key]) => `${key}:${role}`)
          .join(','),
        ...options.env,
      },
      options.logs,
    );
    return new CrmUnderTest(started, dataDir, !options.dataDir);
  }

  /** The Nest application, for tests that look at a provider directly (the projection runner). */
  get app(): StartedApp['app'] {
    return this.started.app;
  }

  get url(): string {
    return this.started.url;
  }

  async stop(options: { keepData?: boolean } = {}): Promise<void> {
    await this.started.app.close();
    if (this.ownsDir && !options.keepData) rmSync(this.dataDir, { recursive: true, force: true });
  }

  /** Sends a request as the given role (or with no key for `null`). */
  async request<T = any>(
    method: string,
    path: string,
    options: { as?: Role | null; body?: unknown; headers?: Record<string, string>; rawBody?: string } = {},
  ): Promise<Reply<T>> {
    const as = options.as === undefined ? 'admin' : options.as;
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (as) headers['x-api-key'] = KEYS[as];
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    } else if (body !== undefined) {
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(`${this.url}${path}`, { method, headers, body });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // Not JSON (e.g. the OpenAPI HTML page): keep the text.
    }
    return { status: response.status, headers: response.headers, body: parsed as T };
  }

  post<T = any>(path: string, body: unknown, as: Role | null = 'channel', headers?: Record<string, string>) {
    return this.request<T>('POST', path, { as, body, headers });
  }

  get<T = any>(path: string, as: Role | null = 'admin') {
    return this.request<T>('GET', path, { as });
  }

  /** The global log head: used to prove that a refused request wrote nothing. */
  async head(): Promise<number> {
    return (await this.get<{ eventLogHead: number }>('/health', null)).body.eventLogHead;
  }
}
