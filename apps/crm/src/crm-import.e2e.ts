// The importer against a running CRM over HTTP: partial batches, rejects, and a rerun that writes nothing.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HttpSink, runImport } from '@ledger/import';
import { CrmUnderTest, KEYS } from './test-support/crm-under-test';

describe('crm: import over HTTP', () => {
  let crm: CrmUnderTest;
  let dir: string;
  beforeAll(async () => {
    crm = await CrmUnderTest.start();
    dir = mkdtempSync(join(tmpdir(), 'ledger-import-http-'));
  });
  afterAll(async () => {
    await crm.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports a shop export through partial batches; the rerun is answered from the idempotency keys', async () => {
    const file = join(dir, 'retail.csv');
    writeFileSync(
      file,
      'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country,Currency\n' +
        '536365,85123A,WHITE HANGING HEART,6,2010-12-01 08:26,2.55,17850,United Kingdom,GBP\n' +
        '536365,71053,WHITE METAL LANTERN,6,2010-12-01 08:26,3.39,17850,United Kingdom,GBP\n' +
        '536366,22633,HAND WARMER,6,2010-12-01 08:28,1.85,17850,United Kingdom,GBP\n' +
        '536367,84879,ASSORTED BIRD,32,2010-12-01 08:34,1.69,13047,United Kingdom,GBP\n' +
        '536368,22960,JAM MAKING SET,6,2010-12-01 08:34,4.25,13047,United Kingdom,XX\n' +
        'C536379,D,Discount,-1,2010-12-01 09:41,27.5,14527,United Kingdom,GBP\n',
    );
    const run = () =>
      runImport({
        file,
        format: 'csv',
        mapping: { preset: 'transactions' },
        // A small body limit, so batches are split as a large invoice file would need.
        sink: new HttpSink(crm.url, KEYS.channel, 600),
        rejectsFile: join(dir, 'rejects.csv'),
        stateFile: join(dir, 'state.json'),
        batchSize: 3,
      });
    const first = await run();
    expect(first).toMatchObject({ rows: 6, accepted: 5, rejected: 1, replayed: 0 });
    expect(readFileSync(join(dir, 'rejects.csv'), 'utf8')).toMatch(/\r\n5,currency,currency must be an ISO 4217 code/);
    const head = await crm.head();
    const again = await run();
    expect(again).toMatchObject({ accepted: 5, replayed: 5, rejected: 1 });
    expect(await crm.head()).toBe(head);

    const view = await crm.get(`/customers/17850?minPosition=${head}`, 'agent');
    expect(view.body.totals).toMatchObject({ purchases: 2, spend: 46.74 });
    const cancelled = await crm.get(`/customers/14527?minPosition=${head}`, 'agent');
    expect(cancelled.body.totals).toMatchObject({ purchases: 0, returns: 27.5, netSpend: -27.5 });
  });
});
