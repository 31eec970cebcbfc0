// Synthetic customers for the search benchmark: Latin and Persian names (so most names are
// shared by thousands: prefixes match many), e-mails, phones and order ids, made into search
// documents by the real projection. Written straight into the embedded read store's file, as
// synthetic-population.ts does, so the CRM process loads them as its own read model.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { RecordedEvent } from '@ledger/domain';
import { customerSearchProjection, type CustomerSearchDocument } from '@ledger/projections';
import { EmbeddedReadStore } from '@ledger/read-store-embedded';
import { Random } from '@ledger/testing';

const LATIN_FIRST = [
  'Ada',
  'Alan',
  'Ali',
  'Alice',
  'Amelia',
  'André',
  'Anna',
  'Ben',
  'Carlos',
  'Chloé',
  'Daniel',
  'David',
  'Elena',
  'Emma',
  'Ethan',
  'François',
  'George',
  'Grace',
  'Hannah',
  'Hugo',
  'Isabel',
  'Jack',
  'James',
  'José',
  'Julia',
  'Karim',
  'Laura',
  'Léa',
  'Liam',
  'Lucas',
  'María',
  'Marta',
  'Max',
  'Mia',
  'Noah',
  'Oliver',
  'Olivia',
  'Paul',
  'Pedro',
  'Rosa',
  'Sara',
  'Sofía',
  'Thomas',
  'Zoë',
];
const LATIN_LAST = [
  'Álvarez',
  'Brown',
  'Clarke',
  'Davies',
  'Dubois',
  'Evans',
  'Fernández',
  'García',
  'Green',
  'Hall',
  'Hughes',
  'Jones',
  'Khan',
  'King',
  'Lee',
  'López',
  'Martin',
  'Martínez',
  'Moore',
  'Müller',
  'Novak',
  'Núñez',
  'Patel',
  'Pérez',
  'Roberts',
  'Rodríguez',
  'Schmidt',
  'Smith',
  'Taylor',
  'Thomas',
  'Walker',
  'White',
  'Williams',
  'Wilson',
  'Wood',
  'Wright',
  'Young',
];
const PERSIAN_FIRST = [
  'علی',
  'محمد',
  'حسین',
  'رضا',
  'مهدی',
  'امیر',
  'سارا',
  'مریم',
  'فاطمه',
  'زهرا',
  'نرگس',
  'کیان',
  'آرش',
  'بهار',
  'پریسا',
  'شیرین',
  'یاسمن',
  'کاوه',
  'نیما',
  'لیلا',
];
const PERSIAN_LAST = [
  'رضایی',
  'محمدی',
  'حسینی',
  'احمدی',
  'کریمی',
  'موسوی',
  'جعفری',
  'صادقی',
  'رحیمی',
  'کاظمی',
  'یزدانی',
  'نوروزی',
  'قاسمی',
  'شریفی',
  'طاهری',
  'ملکی',
  'اکبری',
  'بهرامی',
];
const ASCII = (s: string) => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();

export const searchCustomerId = (i: number): string => `s-${String(i).padStart(7, '0')}`;
export const searchOrderId = (i: number, n: number): string => `ORD-${String(i * 3 + n).padStart(8, '0')}`;

export interface SyntheticCustomer {
  name: string;
  email: string;
  phone: string;
  orders: number;
}

/** Customer i, the same for the same seed: a Persian name for about a third of them. */
export function syntheticCustomer(rng: Random, i: number): SyntheticCustomer {
  const persian = rng.chance(0.35);
  const first = rng.pick(persian ? PERSIAN_FIRST : LATIN_FIRST);
  const last = rng.pick(persian ? PERSIAN_LAST : LATIN_LAST);
  const email = persian ? `user${i}@example.ir` : `${ASCII(first)}.${ASCII(last)}${i}@example.com`;
  const phone = persian
    ? `+98 912 ${rng.int(100, 999)} ${rng.int(1000, 9999)}`
    : `+44 20 ${rng.int(7000, 7999)} ${rng.int(1000, 9999)}`;
  return { name: `${first} ${last}`, email, phone, orders: rng.int(0, 2) };
}

/** The search document of customer i, built by the projection from its registration and purchases. */
export function searchDocumentOf(i: number, customer: SyntheticCustomer): CustomerSearchDocument {
  const customerId = searchCustomerId(i);
  let position = i * 4;
  const event = (type: string, data: object) =>
    ({ type, position: ++position, data: { customerId, ...data } }) as unknown as RecordedEvent;
  let doc = customerSearchProjection.apply(
    null,
    event('CustomerRegistered', { kind: 'person', name: customer.name, email: customer.email, phone: customer.phone }),
    customerId,
  );
  for (let n = 0; n < customer.orders; n++) {
    doc = customerSearchProjection.apply(doc, event('PurchaseRecorded', { orderId: searchOrderId(i, n) }), customerId);
  }
  if (!doc) throw new Error('the projection made no document');
  return doc;
}

export function* searchPopulation(
  customers: number,
  seed = 20261205,
): Generator<[SyntheticCustomer, CustomerSearchDocument]> {
  const rng = new Random(seed);
  for (let i = 1; i <= customers; i++) {
    const customer = syntheticCustomer(rng, i);
    yield [customer, searchDocumentOf(i, customer)];
  }
}

/** Writes the documents into `read-models.sqlite` of `dataDir` as the CRM's customer_search read model. */
export async function writeSearchReadModel(dataDir: string, docs: Iterable<CustomerSearchDocument>): Promise<number> {
  const file = join(dataDir, 'read-models.sqlite');
  const reads = EmbeddedReadStore.open({ file }); // creates the schema
  // The projection runner rebuilds a read model whose built version it does not find.
  await reads.ensureCollection('projection_versions');
  await reads.commit(
    'projection_versions',
    [{ id: customerSearchProjection.name, lastPosition: customerSearchProjection.version }],
    0,
  );
  await reads.close();
  const db = new Database(file);
  let last = 0;
  try {
    const insert = db.prepare<[string, string, number, string]>(
      'INSERT INTO documents (collection, id, last_position, body) VALUES (?, ?, ?, ?)',
    );
    db.transaction(() => {
      for (const doc of docs) {
        insert.run(customerSearchProjection.name, doc.id, doc.lastPosition, JSON.stringify(doc));
        last = Math.max(last, doc.lastPosition);
      }
      db.prepare('INSERT INTO checkpoints (collection, position) VALUES (?, ?)').run(
        customerSearchProjection.name,
        last,
      );
    })();
  } finally {
    db.close();
  }
  return last;
}
