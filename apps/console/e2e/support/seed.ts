// A small, realistic customer base for the browser tests and screenshots: a Persian-speaking
// customer, a key-account organisation, a long-standing customer with history and open cases.
import type { CrmUnderTest } from './crm';

const DAY = 86_400_000;
const daysAgo = (days: number, hour = 10) =>
  new Date(Date.now() - days * DAY).toISOString().slice(0, 11) + `${String(hour).padStart(2, '0')}:15:00.000Z`;

async function ok(reply: Promise<{ status: number; body: unknown }>): Promise<void> {
  const { status, body } = await reply;
  if (status >= 300) throw new Error(`seeding failed: ${status} ${JSON.stringify(body)}`);
}

export async function seedCustomers(crm: CrmUnderTest): Promise<void> {
  await ok(
    crm.post('/customers', {
      customerId: 'c-shirin',
      kind: 'person',
      name: 'شیرین رضایی',
      email: 'shirin.rezaei@example.ir',
      phone: '+98 912 345 6789',
      city: 'تهران',
      country: 'IR',
      occurredAt: daysAgo(400),
    }),
  );
  await ok(
    crm.post('/customers/c-shirin/consents', {
      channel: 'sms',
      purpose: 'service',
      status: 'given',
      occurredAt: daysAgo(399),
    }),
  );
  await ok(
    crm.post('/customers/c-shirin/consents', {
      channel: 'email',
      purpose: 'marketing',
      status: 'withdrawn',
      occurredAt: daysAgo(200),
    }),
  );
  await ok(
    crm.post('/customers/c-shirin/purchases', {
      orderId: 'o-shirin-1',
      lines: [{ sku: 'ESP-100', quantity: 1, unitPrice: 399, category: 'espresso-machine' }],
      currency: 'EUR',
      channel: 'web',
      occurredAt: daysAgo(30),
    }),
  );
  for (let i = 0; i < 12; i++) {
    await ok(
      crm.post('/customers/c-shirin/contacts', {
        channel: (['phone', 'email', 'chat', 'web'] as const)[i % 4],
        direction: i % 3 === 0 ? 'outbound' : 'inbound',
        reason: ['پیگیری ارسال', 'billing question', 'warranty', 'delivery date'][i % 4],
        outcome: 'resolved',
        durationSeconds: 120 + i * 30,
        occurredAt: daysAgo(25 - i, 9 + (i % 8)),
      }),
    );
  }
  await ok(
    crm.post('/customers/c-shirin/complaints', {
      caseId: 'case-shirin-1',
      category: 'delivery',
      severity: 'high',
      channel: 'phone',
      description: 'بسته آسیب‌دیده رسید',
      product: 'ESP-100',
    }),
  );

  await ok(
    crm.post('/customers', {
      customerId: 'c-pars',
      kind: 'organisation',
      name: 'Pars Trading Co',
      email: 'buyers@pars.example',
      country: 'IR',
      occurredAt: daysAgo(800),
    }),
  );
  await ok(crm.post('/customers/c-pars/key-account', { keyAccount: true, reason: 'top 1% by value' }));
  // The account manager is a person of the directory (assignees must be active users).
  const manager = await crm.post(
    '/admin/users',
    { name: 'Maryam Karimi', email: 'maryam@ledger.test', roles: ['agent'] },
    'admin',
  );
  await ok(Promise.resolve(manager));
  await ok(crm.post('/customers/c-pars/account-manager', { accountManagerId: manager.body.userId }));
  await ok(
    crm.post('/customers/c-pars/complaints', {
      caseId: 'case-pars-1',
      category: 'billing',
      severity: 'critical',
      channel: 'email',
      description: 'Invoice charged twice',
      occurredAt: daysAgo(3),
    }),
  );

  await ok(
    crm.post('/customers', {
      customerId: 'c-ada',
      kind: 'person',
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      phone: '+44 20 7946 0018',
      city: 'London',
      country: 'GB',
      occurredAt: daysAgo(700),
    }),
  );
  await ok(
    crm.post('/customers/c-ada/purchases', {
      orderId: 'o-ada-1',
      lines: [{ sku: 'GRD-10', quantity: 2, unitPrice: 59.5 }],
      currency: 'GBP',
      channel: 'in_person',
      occurredAt: daysAgo(90),
    }),
  );
}

/** A customer with `count` contacts over the past year (batches of 500 through POST /commands/batch). */
export async function seedBusyCustomer(crm: CrmUnderTest, customerId: string, count: number): Promise<void> {
  await ok(
    crm.post('/customers', {
      customerId,
      kind: 'person',
      name: 'Busy Caller',
      country: 'GB',
      occurredAt: daysAgo(400),
    }),
  );
  for (let start = 0; start < count; start += 500) {
    const commands = Array.from({ length: Math.min(500, count - start) }, (_, i) => ({
      command: 'RecordContact',
      customerId,
      body: {
        channel: (['phone', 'email', 'chat', 'web', 'sms'] as const)[(start + i) % 5],
        direction: 'inbound',
        reason: `question ${start + i}`,
        occurredAt: new Date(Date.now() - (count - start - i) * 6 * 3_600_000).toISOString(),
      },
    }));
    const reply = await crm.post('/commands/batch', { commands });
    if (reply.status >= 300 || reply.body.results?.some((r: { status: number }) => r.status >= 300)) {
      throw new Error(`seeding contacts failed: ${reply.status} ${JSON.stringify(reply.body).slice(0, 300)}`);
    }
  }
}
