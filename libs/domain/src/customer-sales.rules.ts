// Sales rules of the customer decider: purchases (with the cross-sell offers they trigger)
// and returns. Amounts are recomputed here so no channel can record revenue that its lines do not add up to.
import { addDays, isBefore } from './business-time';
import type { RecordPurchase, RecordReturn } from './commands';
import type { CustomerState } from './customer.state';
import { cents, compact, invalid } from './decision-helpers';
import { BusinessRuleViolation, OrderAlreadyRecorded, UnknownOrder } from './errors';
import type { OfferMade, OrderLine, PurchaseRecorded, PurchaseReturned } from './events';
import type { CrmPolicy, CrossSellRule } from './policy';
import { roundMoney, type Instant, type Money } from './vocabulary';

/** The order amount: sum of quantity × unit price, rounded to cents. */
export const orderTotal = (lines: readonly OrderLine[]): Money =>
  roundMoney(lines.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0));

export function recordPurchase(
  data: RecordPurchase['data'],
  state: CustomerState,
  occurredAt: Instant,
  policy: CrmPolicy,
): (PurchaseRecorded | OfferMade)[] {
  if (state.orders.has(data.orderId)) throw new OrderAlreadyRecorded(data.orderId);
  const lines = validLines(data.lines);
  const amount = orderTotal(lines);
  if (data.amount != null && data.amount !== amount) {
    throw invalid('amount', `amount ${data.amount} does not match the order lines, which add up to ${amount}`);
  }
  const { customerId, orderId, currency, channel, campaignId } = data;
  const purchase: PurchaseRecorded = {
    type: 'PurchaseRecorded',
    data: compact({ customerId, orderId, lines, amount, currency, channel, campaignId, occurredAt }),
  };
  return [purchase, ...crossSellOffers(purchase.data, data.offerIdPrefix, state, policy)];
}

function validLines(lines: readonly OrderLine[] | undefined): OrderLine[] {
  if (!Array.isArray(lines) || lines.length === 0) throw invalid('lines', 'an order needs at least one line');
  return lines.map((line, i) => {
    if (!Number.isInteger(line.quantity) || line.quantity <= 0) {
      throw invalid(`lines[${i}].quantity`, 'quantity must be a positive whole number');
    }
    if (!Number.isFinite(line.unitPrice) || line.unitPrice < 0) {
      throw invalid(`lines[${i}].unitPrice`, 'unitPrice must be a non-negative amount');
    }
    // Copy only the known fields: whatever else a channel sent is not part of the fact.
    return compact({ sku: line.sku, quantity: line.quantity, unitPrice: line.unitPrice, category: line.category });
  });
}

const triggers = (rule: CrossSellRule, line: OrderLine): boolean =>
  (rule.whenBought.skus?.includes(line.sku) ?? false) ||
  (line.category !== undefined && (rule.whenBought.categories?.includes(line.category) ?? false));

/**
 * One offer per matching rule, unless the customer already owns the offered sku (bought before or in
 * this very order) or still holds an unexpired offer for it — nobody wants the same grinder pitched twice.
 */
function crossSellOffers(
  purchase: PurchaseRecorded['data'],
  offerIdPrefix: string,
  state: CustomerState,
  policy: CrmPolicy,
): OfferMade[] {
  const { customerId, orderId, lines, occurredAt } = purchase;
  const boughtNow = new Set(lines.map((line) => line.sku));
  const offers: OfferMade[] = [];
  for (const rule of policy.crossSellRules) {
    const sku = rule.offer.sku;
    if (!lines.some((line) => triggers(rule, line))) continue;
    if (state.skusBought.has(sku) || boughtNow.has(sku) || offers.some((offer) => offer.data.sku === sku)) continue;
    const pending = state.pendingOffers.get(sku);
    if (pending && isBefore(occurredAt, pending.validUntil)) continue;
    offers.push({
      type: 'OfferMade',
      data: {
        customerId,
        offerId: `${offerIdPrefix}-${rule.id}`,
        sku,
        description: rule.offer.description,
        ruleId: rule.id,
        triggeredByOrderId: orderId,
        validUntil: addDays(occurredAt, rule.validDays),
        occurredAt,
      },
    });
  }
  return offers;
}

export function recordReturn(
  data: RecordReturn['data'],
  state: CustomerState,
  occurredAt: Instant,
): PurchaseReturned[] {
  const order = state.orders.get(data.orderId);
  if (!order) throw new UnknownOrder(data.orderId);
  if (!Number.isFinite(data.amount) || data.amount <= 0) throw invalid('amount', 'amount must be a positive amount');
  if (isBefore(occurredAt, order.purchasedAt)) {
    throw invalid('occurredAt', `a return cannot happen before its purchase (${order.purchasedAt})`);
  }
  const amount = roundMoney(data.amount);
  if (cents(order.returnedAmount) + cents(amount) > cents(order.amount)) {
    const left = roundMoney(order.amount - order.returnedAmount);
    throw new BusinessRuleViolation(
      'RETURN_EXCEEDS_ORDER',
      `returns would exceed the order amount ${order.amount} ${order.currency}; at most ${left} can still be returned`,
      'amount',
    );
  }
  const foreign = data.skus?.filter((sku) => !order.skus.includes(sku)) ?? [];
  if (foreign.length > 0) {
    throw new BusinessRuleViolation(
      'RETURN_SKU_NOT_IN_ORDER',
      `order '${data.orderId}' has no ${foreign.join(', ')}`,
      'skus',
    );
  }
  const { customerId, orderId, returnId, skus, reason } = data;
  // The currency is the order's: a return refunds what was paid, in what it was paid in.
  const returned = compact({
    customerId,
    orderId,
    returnId,
    amount,
    currency: order.currency,
    skus,
    reason,
    occurredAt,
  });
  return [{ type: 'PurchaseReturned', data: returned }];
}
