// The made-up world the scenario generator draws from: a coffee-equipment shop's catalogue,
// people, places, agents and the things customers call about. Static data only.
import type { ContactChannel, Gender } from '@ledger/domain';
import type { Weighted } from './random';

export interface Product {
  sku: string;
  name: string;
  category: string;
  price: number;
}

// Includes the skus the default cross-sell rules name (ESP-*, GRD-10, BEAN-1KG), so offers happen.
export const CATALOGUE: readonly Product[] = [
  { sku: 'ESP-100', name: 'Espresso machine Classic', category: 'espresso-machine', price: 349 },
  { sku: 'ESP-200', name: 'Espresso machine Pro', category: 'espresso-machine', price: 899 },
  { sku: 'GRD-10', name: 'Burr grinder', category: 'grinder', price: 149 },
  { sku: 'GRD-20', name: 'Precision grinder', category: 'grinder', price: 279 },
  { sku: 'BEAN-250', name: 'Espresso beans 250 g', category: 'beans', price: 8.9 },
  { sku: 'BEAN-1KG', name: 'Espresso beans 1 kg', category: 'beans', price: 29.9 },
  { sku: 'BEAN-DECAF', name: 'Decaf beans 250 g', category: 'beans', price: 9.5 },
  { sku: 'ACC-TAMP', name: 'Tamper', category: 'accessories', price: 24.5 },
  { sku: 'ACC-MILK', name: 'Milk jug', category: 'accessories', price: 19.9 },
  { sku: 'ACC-CLEAN', name: 'Cleaning kit', category: 'accessories', price: 14.99 },
  { sku: 'ACC-CUPS', name: 'Cup set', category: 'accessories', price: 39 },
  { sku: 'SVC-DESCALE', name: 'Descaling service', category: 'service', price: 59 },
];

export const PRODUCT_BY_SKU: ReadonlyMap<string, Product> = new Map(CATALOGUE.map((p) => [p.sku, p]));

/** What an order's first line tends to be: consumables mostly, machines now and then. */
export const MAIN_ITEM: Weighted<string> = [
  ['BEAN-250', 30],
  ['BEAN-1KG', 18],
  ['BEAN-DECAF', 6],
  ['ACC-CLEAN', 7],
  ['ACC-MILK', 5],
  ['ACC-TAMP', 5],
  ['ACC-CUPS', 4],
  ['SVC-DESCALE', 4],
  ['ESP-100', 6],
  ['ESP-200', 3],
  ['GRD-10', 2],
  ['GRD-20', 2],
];

export const PLACES: readonly { city: string; country: string; currency: string }[] = [
  { city: 'Berlin', country: 'DE', currency: 'EUR' },
  { city: 'Hamburg', country: 'DE', currency: 'EUR' },
  { city: 'Munich', country: 'DE', currency: 'EUR' },
  { city: 'Vienna', country: 'AT', currency: 'EUR' },
  { city: 'Paris', country: 'FR', currency: 'EUR' },
  { city: 'Lyon', country: 'FR', currency: 'EUR' },
  { city: 'Amsterdam', country: 'NL', currency: 'EUR' },
  { city: 'Milan', country: 'IT', currency: 'EUR' },
  { city: 'Madrid', country: 'ES', currency: 'EUR' },
  { city: 'Zurich', country: 'CH', currency: 'CHF' },
  { city: 'London', country: 'GB', currency: 'GBP' },
  { city: 'Manchester', country: 'GB', currency: 'GBP' },
];

export const FIRST_NAMES = [
  'Ada',
  'Ben',
  'Clara',
  'David',
  'Elif',
  'Felix',
  'Grace',
  'Hugo',
  'Ines',
  'Jonas',
  'Kira',
  'Luca',
  'Mia',
  'Noah',
  'Olga',
  'Paul',
  'Rosa',
  'Sami',
  'Tara',
  'Yusuf',
];
export const LAST_NAMES = [
  'Schmidt',
  'Martin',
  'Rossi',
  'Garcia',
  'Smith',
  'de Vries',
  'Novak',
  'Dubois',
  'Weber',
  'Jones',
  'Meyer',
  'Costa',
  'Berg',
  'Keller',
];
export const ORG_WORDS = [
  'Bean',
  'Harbour',
  'Summit',
  'Atlas',
  'Crema',
  'Northwind',
  'Orbit',
  'Linden',
  'Pioneer',
  'Granite',
];
export const ORG_KINDS = ['Office Services', 'Hotels', 'Cafés', 'Consulting', 'Coworking', 'Logistics'];
export const GENDER_MIX: Weighted<Gender> = [
  ['female', 48],
  ['male', 46],
  ['diverse', 2],
  ['undisclosed', 4],
];

export const AGENTS = Array.from({ length: 12 }, (_, i) => `agent-${String(i + 1).padStart(2, '0')}`);
export const ACCOUNT_MANAGERS = Array.from({ length: 5 }, (_, i) => `am-${String(i + 1).padStart(2, '0')}`);

/** Channels a customer reaches out on, roughly as a mid-size shop sees them. */
export const INBOUND_CHANNELS: Weighted<ContactChannel> = [
  ['phone', 30],
  ['web', 22],
  ['email', 20],
  ['chat', 12],
  ['social', 7],
  ['in_person', 6],
  ['sms', 2],
  ['fax', 1],
];
export const OUTBOUND_CHANNELS: Weighted<ContactChannel> = [
  ['phone', 45],
  ['email', 35],
  ['sms', 12],
  ['in_person', 5],
  ['fax', 3],
];
export const PURCHASE_CHANNELS: Weighted<ContactChannel> = [
  ['web', 55],
  ['phone', 15],
  ['in_person', 18],
  ['chat', 7],
  ['email', 5],
];
export const CAMPAIGN_CHANNELS: Weighted<ContactChannel> = [
  ['email', 35],
  ['social', 20],
  ['sms', 15],
  ['phone', 15],
  ['web', 15],
];

export const INBOUND_REASONS = [
  'order status',
  'delivery question',
  'product advice',
  'billing question',
  'warranty claim',
  'machine not heating',
  'change of address',
  'store opening hours',
];
export const OUTBOUND_REASONS = [
  'follow-up call',
  'satisfaction check',
  'appointment reminder',
  'payment reminder',
  'service visit scheduling',
];
export const INFO_TOPICS = [
  'descaling instructions',
  'warranty terms',
  'delivery times',
  'bean origins',
  'machine comparison',
  'spare parts',
  'subscription terms',
];
export const COMPLAINT_CATEGORIES: Weighted<string> = [
  ['delivery', 30],
  ['product defect', 28],
  ['billing', 15],
  ['service', 17],
  ['website', 10],
];
export const RETURN_REASONS = ['damaged in transit', 'not as described', 'changed mind', 'wrong item'];
export const CAMPAIGN_NAMES = [
  'Spring espresso days',
  'Bean subscription push',
  'Black Friday',
  'Grinder upgrade',
  'Descaling reminder',
  'Office coffee for teams',
  'Summer iced coffee',
  'Loyalty thank-you',
];
