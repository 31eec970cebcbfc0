// What a unit of source rows means as CRM commands, per preset. A unit is one row, or for
// transactions the consecutive rows of one order (an invoice's lines). Cancellations (an invoice
// prefixed `C`, or negative quantities) become returns of an order the CRM may never have seen.
import { hash } from 'node:crypto';
import { roundToMinorUnit } from '@ledger/domain';
import type { BatchItem } from '@ledger/commands';
import { RowProblem, fieldOf, instantOf, numberOf, type Mapping } from './mapping';
import type { SourceRow } from './sources';

export interface Unit {
  rows: SourceRow[];
  /** Deterministic idempotency key: file identity + first row number + the rows' content. */
  key: string;
  customerId?: string;
  item: BatchItem;
}

export const rowKey = (fileIdentity: string, rows: SourceRow[]): string =>
  `imp:${hash('sha256', `${fileIdentity}\n${rows[0].rowNumber}\n${rows.map((r) => r.raw).join('\n')}`, 'base64url').slice(0, 32)}`;

/** The key that groups consecutive rows into one unit (the order for transactions, else the row). */
export function groupKey(mapping: Mapping, row: SourceRow): string {
  if (mapping.preset !== 'transactions') return `row:${row.rowNumber}`;
  return `${fieldOf(mapping, row.fields, 'customer') ?? ''}\u0000${fieldOf(mapping, row.fields, 'order') ?? `row:${row.rowNumber}`}`;
}

const need = (value: string | undefined, field: string): string => {
  if (value === undefined) throw new RowProblem(field, `${field} is missing`);
  return value;
};

/**
 * The customer a unit's command names (none for the customers preset, whose rows register them):
 * the importer lanes units by it before they are mapped, so it is read here only.
 */
export function unitCustomerOf(mapping: Mapping, fields: Record<string, string>): string | undefined {
  return mapping.preset === 'customers' ? undefined : fieldOf(mapping, fields, 'customer');
}

/**
 * The importer's lane of a unit (and, with --data-dir, its writer thread): its customer, so that a
 * customer's commands go one after the other in file order. A customers file's row registers the
 * customer it names: two rows naming the same one take the same lane, the first one wins.
 */
export function laneKeyOf(mapping: Mapping, rows: SourceRow[]): string {
  const fields = rows[0].fields;
  const customer = mapping.preset === 'customers' ? fieldOf(mapping, fields, 'id') : unitCustomerOf(mapping, fields);
  return customer ?? `row:${rows[0].rowNumber}`;
}

/** The command for a unit of rows; throws RowProblem naming the field when a row cannot be read. */
export function commandOf(
  mapping: Mapping,
  rows: SourceRow[],
): { customerId?: string; item: Omit<BatchItem, 'idempotencyKey'> } {
  const first = rows[0].fields;
  const get = (field: string) => fieldOf(mapping, first, field);
  switch (mapping.preset) {
    case 'transactions':
      return transaction(mapping, rows);
    case 'contacts': {
      const customerId = need(unitCustomerOf(mapping, first), 'customer');
      const duration = numberOf(mapping, get('duration'), 'duration');
      const body = {
        channel: need(get('channel'), 'channel'),
        direction: get('direction') ?? 'inbound',
        reason: need(get('reason'), 'reason'),
        agentId: get('agent'),
        campaignId: get('campaign'),
        outcome: get('outcome'),
        durationSeconds: duration,
        occurredAt: instantOf(mapping, need(get('date'), 'date'), 'date'),
      };
      return { customerId, item: { command: 'RecordContact', customerId, body: defined(body) } };
    }
    case 'customers': {
      const customerId = need(get('id'), 'id');
      const body = {
        customerId,
        kind: get('kind') ?? 'person',
        name: need(get('name'), 'name'),
        email: get('email'),
        phone: get('phone'),
        birthDate: get('birthDate'),
        gender: get('gender'),
        city: get('city'),
        country: get('country'),
        occurredAt: instantOf(mapping, get('date'), 'date'),
      };
      return { item: { command: 'RegisterCustomer', body: defined(body) } };
    }
    case 'campaign-touches': {
      const customerId = need(unitCustomerOf(mapping, first), 'customer');
      const body = {
        campaignId: need(get('campaign'), 'campaign'),
        channel: need(get('channel'), 'channel'),
        occurredAt: instantOf(mapping, need(get('date'), 'date'), 'date'),
      };
      return { customerId, item: { command: 'DeliverCampaignTouch', customerId, body } };
    }
  }
}

function transaction(mapping: Mapping, rows: SourceRow[]) {
  const get = (row: SourceRow, field: string) => fieldOf(mapping, row.fields, field);
  const first = rows[0];
  const customerId = need(unitCustomerOf(mapping, first.fields), 'customer');
  const order = need(get(first, 'order'), 'order');
  const currency = get(first, 'currency') ?? 'EUR';
  const occurredAt = instantOf(mapping, need(get(first, 'date'), 'date'), 'date');
  const lines = rows.map((row) => {
    const quantity = numberOf(mapping, need(get(row, 'quantity'), 'quantity'), 'quantity') as number;
    const lineTotal = numberOf(mapping, get(row, 'lineTotal'), 'lineTotal');
    let unitPrice = numberOf(mapping, get(row, 'unitPrice'), 'unitPrice');
    if (unitPrice === undefined) {
      if (lineTotal === undefined) throw new RowProblem('unitPrice', 'unitPrice (or a line total) is missing');
      // A line total only ("3 CDs, $29.33"): the unit price to 4 decimals, the total kept as charged.
      unitPrice = quantity === 0 ? 0 : Math.round((Math.abs(lineTotal) / Math.abs(quantity)) * 10_000) / 10_000;
    }
    return defined({
      sku: need(get(row, 'sku'), 'sku'),
      quantity,
      unitPrice,
      lineTotal,
      description: get(row, 'description'),
      category: get(row, 'category'),
    });
  });
  const cancelled = /^C/i.test(order) || lines.every((line) => line.quantity < 0);
  if (cancelled) {
    let total = 0;
    for (const line of lines) total += Math.abs(line.lineTotal ?? line.quantity * line.unitPrice);
    const amount = roundToMinorUnit(total, currency);
    const body = defined({
      externalOrderRef: order,
      amount,
      currency,
      skus: [...new Set(lines.map((line) => line.sku))],
      reason: 'cancelled',
      occurredAt,
    });
    return { customerId, item: { command: 'RecordReturn' as const, customerId, body } };
  }
  lines.forEach((line, i) => {
    if (line.quantity <= 0) throw new RowProblem(`lines[${i}].quantity`, 'a purchase line needs a positive quantity');
  });
  const body = defined({ orderId: order, lines, currency, channel: get(first, 'channel') ?? 'web', occurredAt });
  return { customerId, item: { command: 'RecordPurchase' as const, customerId, body } };
}

/** The value without its undefined members (in place: every caller passes a literal it just built). */
function defined<T extends object>(value: T): T & Record<string, unknown> {
  const record = value as Record<string, unknown>;
  for (const key in record) if (record[key] === undefined) delete record[key];
  return value as T & Record<string, unknown>;
}

/**
 * A customer the import registers because a row names them, as of that row's date and in its
 * country if it has one (a shop export's invoice country): imported history says since when, and
 * where, someone has been a customer ("customer since" 1997, not the day of the import). A rerun
 * of the file sends the same body (a replay); a resume, or another file naming the customer, may
 * send another under the same key and is refused, which the importer ignores: the customer is
 * registered, as wanted (see import-runner's account).
 */
export const registration = (customerId: string, facts: { occurredAt: unknown; country?: string }): BatchItem => ({
  command: 'RegisterCustomer',
  idempotencyKey: `imp:reg:${customerId}`.slice(0, 128),
  body: defined({
    customerId,
    kind: 'person',
    name: `Customer ${customerId}`,
    country: facts.country,
    occurredAt: typeof facts.occurredAt === 'string' ? facts.occurredAt : undefined,
  }),
});
