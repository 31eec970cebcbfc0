// A large batch is prepared on the preparation thread; its outcome must be the one the request
// thread would have reached itself (prepareBatch inline): the same commands, options, warnings
// and refusals, item for item.
import { prepareBatch } from './batch-prepare';
import { BatchPreparer, PREPARE_ON_THREAD_FROM } from './batch-preparer';
import type { CommandCaller } from './command-request';

jest.setTimeout(60_000); // the thread compiles the commands library from source under jest

const caller: CommandCaller = {
  principal: { actor: 'api-key:importer', sessionId: 's-1' },
  headers: { 'idempotency-key': 'file-1', 'x-source-channel': 'import' },
};

/** Registrations, purchases and contacts, with a country name kept as given and three bad items. */
function items(count: number): unknown[] {
  return Array.from({ length: count }, (_, i) => {
    const customerId = `c-${i % 20}`;
    if (i === 5)
      return { command: 'RecordPurchase', customerId, body: { orderId: 'o', lines: 'none', currency: 'EUR' } };
    if (i === 6) return { command: 'RecordContact', body: { channel: 'phone', direction: 'inbound', reason: 'x' } };
    if (i === 7) return { command: 'ResolveComplaint', customerId, body: { resolution: 'refund' } };
    if (i % 3 === 0)
      return {
        command: 'RegisterCustomer',
        body: { customerId, kind: 'person', name: `N ${i}`, country: i % 2 ? 'EIRE' : 'Atlantis' },
      };
    if (i % 3 === 1)
      return {
        command: 'RecordPurchase',
        customerId,
        idempotencyKey: `row-${i}`,
        body: {
          orderId: `o-${i}`,
          lines: [{ sku: 'BANK CHARGES', quantity: 2, unitPrice: 0.001 }],
          currency: 'GBP',
          channel: 'web',
        },
      };
    return {
      command: 'RecordContact',
      customerId,
      body: { channel: 'phone', direction: 'inbound', reason: `call ${i}` },
    };
  });
}

describe('BatchPreparer', () => {
  const preparer = new BatchPreparer();
  afterAll(() => preparer.close());

  it('prepares a large batch on its thread exactly as inline: commands, options, warnings, refusals', async () => {
    const body = { commands: items(PREPARE_ON_THREAD_FROM + 36) };
    const onThread = await preparer.prepare(structuredClone(body), caller, 500);
    const inline = await prepareBatch(structuredClone(body), caller, 500);
    expect(onThread).toEqual(inline);
    if (!('items' in inline)) throw new Error('expected prepared items');
    expect(inline.items.filter((item) => 'problems' in item)).toHaveLength(3);
    expect(inline.items.some((item) => 'options' in item && item.options.warnings?.length)).toBe(true);
  });

  it('refuses a malformed envelope, and a batch over the limit, as inline', async () => {
    const envelope = { commands: [...items(PREPARE_ON_THREAD_FROM), { command: 'RecordContact', body: {}, extra: 1 }] };
    const refused = await preparer.prepare(envelope, caller, 500);
    expect(refused).toEqual(await prepareBatch(envelope, caller, 500));
    const problem = { field: `commands[${PREPARE_ON_THREAD_FROM}].extra`, reason: 'property extra should not exist' };
    expect(refused).toMatchObject({ envelope: [problem] });
    // Only that item's own field is wrong: mode=partial gets every item, that one with its problem.
    const withoutIt = await prepareBatch({ commands: items(PREPARE_ON_THREAD_FROM) }, caller, 500);
    expect('withItemProblems' in refused && refused.withItemProblems).toEqual([
      ...('items' in withoutIt ? withoutIt.items : []),
      { problems: [problem] },
    ]);
    const notAList = await preparer.prepare({ commands: 7 }, caller, 500);
    expect(notAList).not.toHaveProperty('withItemProblems');
    expect(notAList).toMatchObject({
      envelope: expect.arrayContaining([expect.objectContaining({ field: 'commands' })]),
    });
    const large = { commands: items(PREPARE_ON_THREAD_FROM + 1) };
    await expect(preparer.prepare(large, caller, PREPARE_ON_THREAD_FROM)).resolves.toEqual({
      tooMany: PREPARE_ON_THREAD_FROM + 1,
    });
  });

  it('refuses a large batch with an item that is no object through the global pipe, on the thread as inline', async () => {
    // The one envelope the thread hands to NestJS's ValidationPipe, which it loads only for this.
    const odd = { commands: [...items(PREPARE_ON_THREAD_FROM), 7] };
    const refused = await preparer.prepare(odd, caller, 500);
    expect(refused).toEqual(await prepareBatch(odd, caller, 500));
    expect(refused).toEqual({
      envelope: [
        { field: 'commands', reason: `commands[${PREPARE_ON_THREAD_FROM}] must be a command object` },
        {
          field: `commands[${PREPARE_ON_THREAD_FROM}]`,
          reason: 'each value in nested property commands must be either object or array',
        },
      ],
    });
  });

  it('finishes inline what the thread had not answered when it is closed, and everything after', async () => {
    const closing = new BatchPreparer();
    const body = { commands: items(PREPARE_ON_THREAD_FROM) };
    const pending = closing.prepare(structuredClone(body), caller, 500);
    await closing.close();
    const expected = await prepareBatch(structuredClone(body), caller, 500);
    await expect(pending).resolves.toEqual(expected);
    await expect(closing.prepare(structuredClone(body), caller, 500)).resolves.toEqual(expected);
  });
});
