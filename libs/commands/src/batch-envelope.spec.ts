// batchEnvelope must refuse exactly what the global pipe refused (same fields, same reasons) and
// pass on the same items: it replaced the pipe on POST /commands/batch only to avoid a deep copy.
import { ValidationFailed } from '@ledger/domain';
import { createValidationPipe } from '@ledger/http';
import { BatchDto, BatchItemDto } from './batch.dto';
import { batchEnvelope } from './batch-envelope';

const pipe = createValidationPipe();

async function outcome(run: () => Promise<unknown>): Promise<unknown> {
  try {
    const value = (await run()) as BatchDto;
    return { ok: value.commands.map((item) => ({ ...item, isItem: item instanceof BatchItemDto })) };
  } catch (error) {
    if (error instanceof ValidationFailed) return { refused: error.problems };
    throw error;
  }
}

const purchase = { orderId: 'o-1', lines: [{ sku: 'A', quantity: 1, unitPrice: 2 }], currency: 'EUR' };
const bodies: [string, unknown][] = [
  [
    'a valid batch',
    { commands: [{ command: 'RecordPurchase', customerId: 'c-1', idempotencyKey: 'k:1', body: purchase }] },
  ],
  [
    'two items, the second without a body',
    { commands: [{ command: 'RecordContact', customerId: 'c-1', body: {} }, { command: 'RecordContact' }] },
  ],
  ['an unknown command and a bad customer id', { commands: [{ command: 'Nope', customerId: 'c 1', body: {} }] }],
  ['an unknown key in an item', { commands: [{ command: 'RecordContact', customerId: 'c-1', body: {}, extra: 1 }] }],
  [
    'an unknown key beside commands',
    { commands: [{ command: 'RecordContact', customerId: 'c-1', body: {} }], mode: 'x' },
  ],
  ['a body that is a list', { commands: [{ command: 'RecordContact', customerId: 'c-1', body: [1] }] }],
  [
    'a bad idempotency key and case id',
    { commands: [{ command: 'ResolveComplaint', customerId: 'c-1', caseId: '', idempotencyKey: 'a b', body: {} }] },
  ],
  ['no commands', { commands: [] }],
  ['commands missing', {}],
  ['commands not a list', { commands: { command: 'RecordContact' } }],
  ['an item that is not an object', { commands: [1, 'x', null] }],
  ['an item that is a list', { commands: [[{ command: 'RecordContact' }]] }],
  ['a valid item and a number', { commands: [{ command: 'RecordContact', customerId: 'c-1', body: {} }, 7] }],
  ['a body that is a list', [{ commands: [] }]],
  ['null', null],
  ['a string', 'commands'],
];

describe('batchEnvelope', () => {
  it.each(bodies)('%s: the same outcome as the global pipe', async (_, body) => {
    const viaPipe = await outcome(() => pipe.transform(structuredClone(body), { type: 'body', metatype: BatchDto }));
    const viaEnvelope = await outcome(() => batchEnvelope(structuredClone(body)));
    expect(viaEnvelope).toEqual(viaPipe);
  });

  it('refuses an unknown key in an item by its path, and keeps the item body as sent', async () => {
    await expect(outcome(() => batchEnvelope(bodies[3][1]))).resolves.toEqual({
      refused: [{ field: 'commands[0].extra', reason: 'property extra should not exist' }],
    });
    const sent = { commands: [{ command: 'RecordPurchase', customerId: 'c-1', body: purchase }] };
    const dto = await batchEnvelope(sent);
    expect(dto.commands[0]).toBeInstanceOf(BatchItemDto);
    expect(dto.commands[0].body).toBe(purchase);
  });
});
