// The realistic channel mix the issue asks for: 70% contacts, 15% purchases, 10% complaints and
// feedback (half each), 5% registrations of new customers. Every request picks a random known
// customer, so appends spread over many streams as they do in a call centre.
import type { AutocannonRequest } from 'autocannon';
import { KEYS } from './crm-process';

const CHANNELS = ['phone', 'web', 'email', 'chat', 'sms'];
const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)];

export const HEADERS = { 'content-type': 'application/json', 'x-api-key': KEYS.channel };

export function registration(customerId: string): string {
  return JSON.stringify({ customerId, kind: 'person', name: `Bench ${customerId}`, city: 'Lyon', country: 'FR' });
}

type Body = { path: string; body: object };

function contact(id: string): Body {
  const body = { channel: pick(CHANNELS), direction: 'inbound', reason: 'order status', durationSeconds: 120 };
  return { path: `/customers/${id}/contacts`, body };
}

function purchase(id: string): Body {
  const lines = [{ sku: 'TEA-42', quantity: 1 + Math.floor(Math.random() * 3), unitPrice: 12.5, category: 'tea' }];
  return { path: `/customers/${id}/purchases`, body: { lines, currency: 'EUR', channel: 'web' } };
}

function complaint(id: string): Body {
  const body = { category: 'delivery', severity: 'medium', channel: 'email', description: 'Parcel late' };
  return { path: `/customers/${id}/complaints`, body };
}

function feedback(id: string): Body {
  return { path: `/customers/${id}/feedback`, body: { kind: 'csat', score: 4, channel: 'web' } };
}

/** One command of the mix for a random existing customer (or a new one, 5% of the time). */
export function mixedCommand(customers: number, runId: string, counter: { next: number }): Body {
  const roll = Math.random();
  const id = `b-${Math.floor(Math.random() * customers)}`;
  if (roll < 0.7) return contact(id);
  if (roll < 0.85) return purchase(id);
  if (roll < 0.9) return complaint(id);
  if (roll < 0.95) return feedback(id);
  const fresh = `n-${runId}-${counter.next++}`;
  return { path: '/customers', body: JSON.parse(registration(fresh)) as object };
}

/** An autocannon request whose body and path are drawn from the mix for every send. */
export function mixedRequests(customers: number, runId: string): AutocannonRequest[] {
  const counter = { next: 0 };
  return [
    {
      method: 'POST',
      headers: HEADERS,
      setupRequest: (request) => {
        const { path, body } = mixedCommand(customers, runId, counter);
        return { ...request, path, body: JSON.stringify(body) };
      },
    },
  ];
}

/** Registers customers b-0 … b-(n-1) through the API, `parallel` at a time. */
export async function registerCustomers(url: string, n: number, parallel = 32): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < n) {
      const id = `b-${next++}`;
      const response = await fetch(`${url}/customers`, { method: 'POST', headers: HEADERS, body: registration(id) });
      if (!response.ok && response.status !== 409) throw new Error(`registering ${id}: ${response.status}`);
      await response.arrayBuffer();
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
}
