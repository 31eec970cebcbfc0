// Events and commands the decider specs start from, so each test shows only what matters to its rule.
import type { CustomerCommand } from '../commands';
import type { CustomerEvent, EventOfType, OrderLine } from '../events';

export const CUSTOMER_ID = 'c-1';
export const REGISTERED_AT = '2026-01-10T09:00:00.000Z';

type Data<T extends CustomerEvent['type']> = EventOfType<T>['data'];
type Overrides<T extends CustomerEvent['type']> = Partial<Data<T>>;

const event = <T extends CustomerEvent['type']>(
  type: T,
  data: Omit<Data<T>, 'customerId' | 'occurredAt'>,
  overrides?: Overrides<T>,
) => ({ type, data: { customerId: CUSTOMER_ID, ...data, occurredAt: REGISTERED_AT, ...overrides } }) as EventOfType<T>;

export const registered = (overrides?: Overrides<'CustomerRegistered'>) =>
  event(
    'CustomerRegistered',
    { kind: 'person', name: 'Ada Lovelace', email: 'ada@example.org', city: 'London' },
    overrides,
  );

export const consentGiven = (overrides?: Overrides<'ConsentGiven'>) =>
  event('ConsentGiven', { channel: 'email', purpose: 'marketing' }, overrides);

export const consentWithdrawn = (overrides?: Overrides<'ConsentWithdrawn'>) =>
  event('ConsentWithdrawn', { channel: 'email', purpose: 'marketing' }, overrides);

export const ESPRESSO_LINE: OrderLine = { sku: 'ESP-100', quantity: 1, unitPrice: 349, category: 'espresso-machine' };
export const BEANS_LINE: OrderLine = { sku: 'BEAN-250', quantity: 2, unitPrice: 8.9, category: 'beans' };

export const purchased = (overrides?: Overrides<'PurchaseRecorded'>) =>
  event(
    'PurchaseRecorded',
    { orderId: 'o-1', lines: [BEANS_LINE], amount: 17.8, currency: 'EUR', channel: 'web' },
    overrides,
  );

export const complaintOpened = (overrides?: Overrides<'ComplaintOpened'>) =>
  event(
    'ComplaintOpened',
    {
      caseId: 'case-1',
      category: 'delivery',
      severity: 'high',
      channel: 'phone',
      description: 'parcel arrived crushed',
      slaDueAt: '2026-01-11T09:00:00.000Z',
    },
    overrides,
  );

export const complaintResolved = (overrides?: Overrides<'ComplaintResolved'>) =>
  event('ComplaintResolved', { caseId: 'case-1', resolution: 'replacement sent' }, overrides);

/** A command for this customer, written as `command('RecordContact', {...})`. */
export const command = <T extends CustomerCommand['type']>(
  type: T,
  data: Omit<Extract<CustomerCommand, { type: T }>['data'], 'customerId'>,
) => ({ type, data: { customerId: CUSTOMER_ID, ...data } }) as unknown as Extract<CustomerCommand, { type: T }>;

export const complaintAssigned = (overrides?: Overrides<'ComplaintAssigned'>) =>
  event('ComplaintAssigned', { caseId: 'case-1', assigneeId: 'agent-7' }, overrides);
