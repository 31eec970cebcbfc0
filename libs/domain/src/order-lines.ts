// What makes an order line valid under the policy's sales limits, and the order total: exact
// integer arithmetic (money.ts), rounded once, to the currency's minor unit.
import { invalid } from './decision-helpers';
import type { OrderLine } from './events';
import { decimalsOf, microsToMinorUnit, minorUnitDigits, toMicros } from './money';
import type { SalesLimits } from './policy';
import type { Money } from './vocabulary';

/** Printable: no control, format-only, unassigned or surrogate code points; not blank. */
const PRINTABLE = /^[^\p{C}]+$/u;
const MAX_DESCRIPTION = 500;

export function validSku(sku: unknown, field: string, limits: SalesLimits): string {
  if (typeof sku !== 'string' || sku.trim() === '' || !PRINTABLE.test(sku) || [...sku].length > limits.maxSkuLength) {
    throw invalid(field, `a sku is 1-${limits.maxSkuLength} printable characters, not only spaces`);
  }
  return sku;
}

/** The lines as the fact will hold them: checked against the limits, unknown fields dropped. */
export function validLines(lines: readonly OrderLine[] | undefined, limits: SalesLimits): OrderLine[] {
  if (!Array.isArray(lines) || lines.length === 0) throw invalid('lines', 'an order needs at least one line');
  if (lines.length > limits.maxLinesPerOrder) {
    throw invalid('lines', `an order may have at most ${limits.maxLinesPerOrder} lines; this one has ${lines.length}`);
  }
  return lines.map((line, i) => validLine(line, `lines[${i}]`, limits));
}

function validLine(line: OrderLine, at: string, limits: SalesLimits): OrderLine {
  const sku = validSku(line.sku, `${at}.sku`, limits);
  if (!Number.isInteger(line.quantity) || line.quantity <= 0 || line.quantity > limits.maxQuantity) {
    throw invalid(`${at}.quantity`, `quantity must be a whole number from 1 to ${limits.maxQuantity}`);
  }
  const { unitPrice, lineTotal } = line;
  if (!Number.isFinite(unitPrice) || unitPrice < 0 || decimalsOf(unitPrice) > limits.unitPriceDecimals) {
    throw invalid(
      `${at}.unitPrice`,
      `unitPrice must be a non-negative amount with at most ${limits.unitPriceDecimals} decimals`,
    );
  }
  if (lineTotal !== undefined) checkLineTotal(line.quantity, unitPrice, lineTotal, `${at}.lineTotal`, limits);
  if (
    line.description !== undefined &&
    (typeof line.description !== 'string' || line.description.length > MAX_DESCRIPTION)
  ) {
    throw invalid(`${at}.description`, `description must be text of at most ${MAX_DESCRIPTION} characters`);
  }
  // Copy only the known fields, in one order: whatever else a channel sent is not part of the fact.
  const copy: OrderLine = { sku, quantity: line.quantity, unitPrice };
  if (lineTotal !== undefined) copy.lineTotal = lineTotal;
  if (line.description !== undefined) copy.description = line.description;
  if (line.category !== undefined) copy.category = line.category;
  return copy;
}

/**
 * A stated line total must be what quantity × unitPrice gives, up to the unit price's own rounding:
 * a line of 3 CDs for $29.33 has a unit price of 9.7767 (4 decimals), and 3 × 9.7767 = 29.3301.
 */
function checkLineTotal(quantity: number, unitPrice: Money, lineTotal: Money, field: string, limits: SalesLimits) {
  if (!Number.isFinite(lineTotal) || lineTotal < 0 || decimalsOf(lineTotal) > limits.unitPriceDecimals) {
    throw invalid(field, `lineTotal must be a non-negative amount with at most ${limits.unitPriceDecimals} decimals`);
  }
  const halfStep = 10n ** BigInt(6 - limits.unitPriceDecimals) / 2n; // half a unit-price step, in millionths
  const difference = toMicros(unitPrice) * BigInt(quantity) - toMicros(lineTotal);
  const tolerance = halfStep * BigInt(quantity);
  if (difference > tolerance || -difference > tolerance) {
    throw invalid(field, `lineTotal ${lineTotal} is not ${quantity} × ${unitPrice} (up to the unit price's rounding)`);
  }
}

/** The order amount: the lines' totals (stated, or quantity × unit price) summed exactly, rounded once. */
export function orderTotal(lines: readonly OrderLine[], currency = 'EUR'): Money {
  let micros = 0n;
  for (const line of lines) {
    micros +=
      line.lineTotal !== undefined ? toMicros(line.lineTotal) : toMicros(line.unitPrice) * BigInt(line.quantity);
  }
  return microsToMinorUnit(micros, currency);
}

/** An amount that must be a whole number of the currency's minor unit (returns, stated totals). */
export function checkMinorUnit(amount: Money, currency: string, field: string): void {
  const digits = minorUnitDigits(currency);
  if (decimalsOf(amount) > digits) {
    throw invalid(field, `${field} must have at most ${digits} decimals in ${currency}`);
  }
}
