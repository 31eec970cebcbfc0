// JSON logs and /metrics on the running CRM: every line is one JSON object with the request,
// correlation and customer ids and never a customer's name or email; CRM_LOG_LEVEL works
// (debug shows request lines, info does not, silent writes nothing); after traffic /metrics
// answers the command, storage, projection and HTTP series.
import { Writable } from 'node:stream';
import { CrmUnderTest } from './test-support/crm-under-test';

/** Collects what the CRM logs, one parsed JSON object per line (a line that is not JSON fails the parse). */
class LogLines extends Writable {
  readonly raw: string[] = [];
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.raw.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  }
  get lines(): Array<Record<string, unknown>> {
    return this.raw.map((line) => JSON.parse(line) as Record<string, unknown>);
  }
}

const PERSON = { customerId: 'obs-1', kind: 'person', name: 'Zanna Quillfeather', email: 'zanna.q@example.org' };

async function traffic(crm: CrmUnderTest): Promise<void> {
  const headers = { 'x-request-id': 'req-obs-42', 'x-correlation-id': 'corr-obs-7' };
  expect((await crm.post('/customers', PERSON, 'channel', headers)).status).toBe(201);
  const contact = { channel: 'phone', direction: 'inbound', reason: 'billing', occurredAt: '2026-11-01T10:00:00.000Z' };
  expect((await crm.post('/customers/obs-1/contacts', contact)).status).toBe(201);
  expect((await crm.post('/customers', { ...PERSON, kind: 'robot' })).status).toBe(400);
  expect((await crm.get('/customers/search?q=Zanna', 'agent')).status).toBe(200);
  expect((await crm.get('/customers/obs-1?minPosition=2', 'agent')).status).toBe(200);
}

describe('crm: JSON logs at debug level', () => {
  const logs = new LogLines();
  let crm: CrmUnderTest;
  beforeAll(async () => {
    crm = await CrmUnderTest.start({ env: { CRM_LOG_LEVEL: 'debug' }, logs });
    await traffic(crm);
  });
  afterAll(() => crm.stop());

  it('writes one JSON object per line, request lines carrying request, correlation and customer ids', async () => {
    const lines = logs.lines;
    expect(lines.some((l) => l['level'] === 'info' && String(l['msg']).includes('listening on'))).toBe(true);
    const registration = lines.find((l) => l['reqId'] === 'req-obs-42');
    expect(registration).toMatchObject({
      level: 'debug',
      msg: 'request',
      service: 'crm',
      method: 'POST',
      route: '/customers',
      status: 201,
      correlationId: 'corr-obs-7',
      customerId: 'obs-1',
    });
    expect(typeof registration?.['ms']).toBe('number');
    const contact = lines.find((l) => l['route'] === '/customers/:customerId/contacts');
    expect(contact).toMatchObject({ status: 201, customerId: 'obs-1' });
    expect(lines.find((l) => l['status'] === 400)).toMatchObject({ route: '/customers', level: 'debug' });
  });

  it('answers with the request id it logged (the caller’s, or a generated one)', async () => {
    const given = await crm.request('GET', '/health/live', { as: null, headers: { 'x-request-id': 'mine-1' } });
    expect(given.headers.get('x-request-id')).toBe('mine-1');
    const generated = await crm.request('GET', '/health/live', { as: null, headers: { 'x-request-id': 'not an id!' } });
    const id = generated.headers.get('x-request-id') ?? '';
    expect(id).toMatch(/^[0-9a-f]{6}-[0-9a-z]+$/);
    expect(logs.lines.some((l) => l['reqId'] === id)).toBe(true);
  });

  it("never logs a customer's name or email, even at debug level", () => {
    const all = logs.raw.join('\n').toLowerCase();
    expect(logs.raw.length).toBeGreaterThan(5);
    for (const value of [PERSON.name, 'zanna', 'quillfeather', PERSON.email])
      expect(all).not.toContain(value.toLowerCase());
  });

  it('answers /metrics with the command, storage, projection and HTTP series after traffic', async () => {
    const reply = await crm.request<string>('GET', '/metrics', { as: null });
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toContain('text/plain');
    const text = reply.body;
    const value = (series: string) => {
      const line = text.split('\n').find((l) => l.startsWith(`${series} `));
      return line === undefined ? undefined : Number(line.slice(series.length + 1));
    };
    expect(value('ledger_command_duration_seconds_count{command="RegisterCustomer",outcome="ok"}')).toBe(1);
    expect(value('ledger_command_duration_seconds_count{command="RecordContact",outcome="ok"}')).toBe(1);
    expect(text).toContain(
      'ledger_command_duration_seconds_bucket{le="0.005",command="RegisterCustomer",outcome="ok"}',
    );
    expect(value('ledger_http_responses_total{status="201"}')).toBe(2);
    expect(value('ledger_http_responses_total{status="400"}')).toBe(1);
    expect(value('ledger_event_store_head_position')).toBe(2);
    expect(value('ledger_event_store_events_total')).toBe(2);
    expect(value('ledger_event_store_fsyncs_total')).toBe(2);
    expect(value('ledger_event_store_append_batch_size_count')).toBe(2);
    expect(value('ledger_event_store_append_batch_size_sum')).toBe(2);
    expect(value('ledger_projection_lag_events{read_model="operational-view"}')).toBe(0);
    expect(value('ledger_projection_status{read_model="operational-view",status="running"}')).toBe(1);
    expect(value('ledger_projection_status{read_model="operational-view",status="stopped"}')).toBe(0);
    expect(value('ledger_projection_flush_seconds_count{read_model="operational-view"}')).toBeGreaterThan(0);
    expect(value('ledger_process_resident_memory_bytes')).toBeGreaterThan(0);
    // Nothing about a customer in any series.
    expect(text).not.toContain('obs-1');
  });
});

describe('crm: log levels', () => {
  it('info shows start-up lines and no request lines; silent writes nothing', async () => {
    // One after the other: Nest's static logger is per process, the last app started owns it.
    const info = new LogLines();
    const atInfo = await CrmUnderTest.start({ env: { CRM_LOG_LEVEL: 'info' }, logs: info });
    try {
      await traffic(atInfo);
    } finally {
      await atInfo.stop();
    }
    const silent = new LogLines();
    const atSilent = await CrmUnderTest.start({ env: { CRM_LOG_LEVEL: 'silent' }, logs: silent });
    try {
      await traffic(atSilent);
    } finally {
      await atSilent.stop();
    }
    expect(info.lines.length).toBeGreaterThan(0);
    expect(info.lines.every((l) => l['level'] === 'info' || l['level'] === 'warn')).toBe(true);
    expect(info.lines.some((l) => l['msg'] === 'request')).toBe(false);
    expect(silent.raw).toEqual([]);
  });
});
