// Sales rules of the customer decider: purchases (with the cross-sell offers they trigger)
// and returns. Amounts are recomputed here so no channel can record revenue that its lines do not add up to.
import { addDays, isBefore } from './business-time';
import type { RecordPurchase, RecordReturn } from './commands';
import { hasBought, orderHasSku, type CustomerState } from './customer.state';
import { compact, invalid } from './decision-helpers';
import { BusinessRuleViolation, OrderAlreadyRecorded, UnknownOrder } from './errors';
import type { OfferMade, OrderLine, PurchaseRecorded, PurchaseReturned } from './events';
import type { CrmPolicy, CrossSellRule } from './policy';
import { addMoney, subtractMoney } from './money';
import { checkMinorUnit, orderTotal, validLines, validSku } from './order-lines';
import type { Instant } from './vocabulary';

export function recordPurchase(
  data: RecordPurchase['data'],
  state: CustomerState,
  occurredAt: Instant,
  policy: CrmPolicy,
): (PurchaseRecorded | OfferMade)[] {
  if (state.orders.has(data.orderId)) throw new OrderAlreadyRecorded(data.orderId);
  const lines = validLines(data.lines, policy.sales);
  const amount = orderTotal(lines, data.currency);
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
    if (boughtNow.has(sku) || hasBought(state, sku) || offers.some((offer) => offer.data.sku === sku)) continue;
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
  policy: CrmPolicy,
): PurchaseReturned[] {
  if (!Number.isFinite(data.amount) || data.amount <= 0) throw invalid('amount', 'amount must be a positive amount');
  data.skus?.forEach((sku, i) => validSku(sku, `skus[${i}]`, policy.sales));
  if (data.orderId === undefined) return [returnOfUnknownOrder(data, occurredAt)];
  const order = state.orders.get(data.orderId);
  if (!order) throw new UnknownOrder(data.orderId);
  if (data.currency !== undefined && data.currency !== order.currency) {
    throw invalid('currency', `order '${data.orderId}' was paid in ${order.currency}`);
  }
  checkMinorUnit(data.amount, order.currency, 'amount');
  if (isBefore(occurredAt, order.purchasedAt)) {
    throw invalid('occurredAt', `a return cannot happen before its purchase (${order.purchasedAt})`);
  }
  const amount = data.amount;
  if (addMoney(order.returnedAmount, amount) > order.amount) {
    const left = subtractMoney(order.amount, order.returnedAmount);
    throw new BusinessRuleViolation(
      'RETURN_EXCEEDS_ORDER',
      `returns would exceed the order amount ${order.amount} ${order.currency}; at most ${left} can still be returned`,
      'amount',
    );
  }
  const foreign = data.skus?.filter((sku) => !orderHasSku(order, sku)) ?? [];
  if (foreign.length > 0) {
    throw new BusinessRuleViolation(
      'RETURN_SKU_NOT_IN_ORDER',
      `order '${data.orderId}' has no ${foreign.join(', ')}`,
      'skus',
    );
  }
  const { customerId, orderId, externalOrderRef, returnId, skus, reason } = data;
  // The currency is the order's: a return refunds what was paid, in what it was paid in.
  const returned = compact({
    customerId,
    orderId,
    externalOrderRef,
    returnId,
    amount,
    currency: order.currency,
    skus,
    reason,
    occurredAt,
  });
  return [{ type: 'PurchaseReturned', data: returned }];
}

/**
 * A return or cancellation of an order the CRM never saw (shop exports name the cancellation, not
 * the order; or the order predates the import). Recorded so net revenue is right; the per-order
 * rules (not more than was paid, only skus of the order) cannot apply and are not pretended.
 */
function returnOfUnknownOrder(data: RecordReturn['data'], occurredAt: Instant): PurchaseReturned {
  if (data.currency === undefined || !/^[A-Z]{3}$/.test(data.currency)) {
    throw invalid('currency', 'a return without a known orderId needs its currency (ISO 4217, e.g. GBP)');
  }
  checkMinorUnit(data.amount, data.currency, 'amount');
  const { customerId, externalOrderRef, returnId, amount, currency, skus, reason } = data;
  return {
    type: 'PurchaseReturned',
    data: compact({ customerId, externalOrderRef, returnId, amount, currency, skus, reason, occurredAt }),
  };
}
