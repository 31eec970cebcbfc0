// The agent's forms, field for field as the API takes them (libs/commands/src/dto).
import { CONTACT_CHANNELS, CONTACT_OUTCOMES, DIRECTIONS, FEEDBACK_KINDS, SEVERITIES } from '../api/vocabulary';
import type { FormSpec } from './spec';
import { numberOf, textOf } from './validate';

const channel = {
  name: 'channel',
  kind: 'select',
  required: true,
  options: CONTACT_CHANNELS,
  optionsKey: 'channels',
  initial: 'phone',
} as const;

export const CONTACT_FORM: FormSpec = {
  id: 'contact',
  fields: [
    channel,
    {
      name: 'direction',
      kind: 'select',
      required: true,
      options: DIRECTIONS,
      optionsKey: 'directions',
      initial: 'inbound',
    },
    { name: 'reason', kind: 'text', required: true, maxLength: 200 },
    { name: 'outcome', kind: 'select', options: CONTACT_OUTCOMES, optionsKey: 'outcomes' },
    { name: 'durationSeconds', kind: 'integer', min: 0, max: 86400 },
  ],
  path: () => 'contacts',
  body: (v) => ({
    channel: v.channel,
    direction: v.direction,
    reason: textOf(v.reason),
    outcome: textOf(v.outcome),
    durationSeconds: numberOf(v.durationSeconds),
  }),
};

export const PURCHASE_FORM: FormSpec = {
  id: 'purchase',
  fields: [
    { name: 'orderId', kind: 'id' },
    // Any printable characters (`BANK CHARGES`), as the API takes them since issue 11.
    { name: 'sku', kind: 'text', required: true, maxLength: 256, apiField: 'lines.0.sku' },
    {
      name: 'quantity',
      kind: 'integer',
      required: true,
      min: 1,
      max: 1_000_000_000,
      apiField: 'lines.0.quantity',
      initial: '1',
    },
    { name: 'unitPrice', kind: 'money', required: true, min: 0, max: 1_000_000_000, apiField: 'lines.0.unitPrice' },
    { name: 'currency', kind: 'currency', required: true, initial: 'EUR' },
    { ...channel, initial: 'in_person' },
  ],
  path: () => 'purchases',
  body: (v) => ({
    orderId: textOf(v.orderId),
    lines: [{ sku: textOf(v.sku), quantity: numberOf(v.quantity), unitPrice: numberOf(v.unitPrice) }],
    currency: textOf(v.currency),
    channel: v.channel,
  }),
};

export const RETURN_FORM: FormSpec = {
  id: 'return',
  fields: [
    // Optional since issue 11 (a return of an order the CRM never saw; the API then asks for its currency).
    { name: 'orderId', kind: 'id' },
    { name: 'amount', kind: 'money', required: true, min: 0, max: 1_000_000_000 },
    { name: 'reason', kind: 'text', maxLength: 500 },
  ],
  path: () => 'returns',
  body: (v) => ({ orderId: textOf(v.orderId), amount: numberOf(v.amount), reason: textOf(v.reason) }),
};

export const INFORMATION_FORM: FormSpec = {
  id: 'information',
  fields: [
    { name: 'topic', kind: 'text', required: true, maxLength: 200 },
    channel,
    { name: 'answer', kind: 'textarea', maxLength: 2000 },
  ],
  path: () => 'information-requests',
  body: (v) => ({ topic: textOf(v.topic), channel: v.channel, answer: textOf(v.answer) }),
};

export const COMPLAINT_FORM: FormSpec = {
  id: 'complaint',
  fields: [
    { name: 'category', kind: 'text', required: true, maxLength: 100 },
    {
      name: 'severity',
      kind: 'select',
      required: true,
      options: SEVERITIES,
      optionsKey: 'severities',
      initial: 'medium',
    },
    channel,
    { name: 'description', kind: 'textarea', required: true, maxLength: 4000 },
    { name: 'product', kind: 'text', maxLength: 256 },
  ],
  path: () => 'complaints',
  body: (v) => ({
    category: textOf(v.category),
    severity: v.severity,
    channel: v.channel,
    description: textOf(v.description),
    product: textOf(v.product),
  }),
};

export const FEEDBACK_FORM: FormSpec = {
  id: 'feedback',
  fields: [
    {
      name: 'kind',
      kind: 'select',
      required: true,
      options: FEEDBACK_KINDS,
      optionsKey: 'feedbackKinds',
      initial: 'csat',
    },
    { name: 'score', kind: 'integer', required: true, min: 0, max: 10 },
    channel,
    { name: 'comment', kind: 'textarea', maxLength: 2000 },
    { name: 'product', kind: 'text', maxLength: 256 },
  ],
  path: () => 'feedback',
  body: (v) => ({
    kind: v.kind,
    score: numberOf(v.score),
    channel: v.channel,
    comment: textOf(v.comment),
    product: textOf(v.product),
  }),
};

export const ESCALATE_FORM: FormSpec = {
  id: 'escalate',
  fields: [
    { name: 'reason', kind: 'text', required: true, maxLength: 1000 },
    { name: 'escalatedTo', kind: 'id' },
  ],
  path: (context) => `complaints/${encodeURIComponent(context.caseId)}/escalate`,
  body: (v) => ({ reason: textOf(v.reason), escalatedTo: textOf(v.escalatedTo) }),
};

export const RESOLVE_FORM: FormSpec = {
  id: 'resolve',
  fields: [{ name: 'resolution', kind: 'textarea', required: true, maxLength: 2000 }],
  path: (context) => `complaints/${encodeURIComponent(context.caseId)}/resolve`,
  body: (v) => ({ resolution: textOf(v.resolution) }),
};

/** The forms offered in the "record" panel, in the order an agent needs them. */
export const RECORD_FORMS = [PURCHASE_FORM, RETURN_FORM, INFORMATION_FORM, COMPLAINT_FORM, FEEDBACK_FORM];

/** Routing a complaint to the person responsible (from the queue). */
export const ASSIGN_FORM: FormSpec = {
  id: 'assign',
  fields: [
    { name: 'assigneeId', kind: 'id', required: true },
    { name: 'note', kind: 'text', maxLength: 1000 },
  ],
  path: (context) => `complaints/${encodeURIComponent(context.caseId)}/assign`,
  body: (v) => ({ assigneeId: textOf(v.assigneeId), note: textOf(v.note) }),
};
