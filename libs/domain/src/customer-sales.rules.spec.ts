import { BusinessRuleViolation, OrderAlreadyRecorded, UnknownOrder, ValidationFailed } from './errors';
import type { OfferMade, OrderLine } from './events';
import { DEFAULT_POLICY, type CrmPolicy } from './policy';
import {
  BEANS_LINE,
  CUSTOMER_ID,
  ESPRESSO_LINE,
  command,
  purchased,
  registered,
} from './test-support/customer-fixtures';
import { TEST_NOW, givenCustomer as given, testContext } from './test-support/given-when-then';

const at = { occurredAt: TEST_NOW };
const GRINDER_LINE: OrderLine = { sku: 'GRD-10', quantity: 1, unitPrice: 149, category: 'grinder' };

const purchase = (lines: OrderLine[], extra: { orderId?: string; amount?: number } = {}) =>
  command('RecordPurchase', {
    orderId: extra.orderId ?? 'o-2',
    lines,
    amount: extra.amount,
    currency: 'EUR',
    channel: 'web',
    offerIdPrefix: `offer-${extra.orderId ?? 'o-2'}`,
  });

const grinderOffer = (overrides: Partial<OfferMade['data']> = {}): OfferMade => ({
  type: 'OfferMade',
  data: {
    customerId: CUSTOMER_ID,
    offerId: 'offer-o-2-espresso-grinder',
    sku: 'GRD-10',
    description: 'Burr grinder for your espresso machine',
    ruleId: 'espresso-grinder',
    triggeredByOrderId: 'o-2',
    validUntil: '2026-03-31T12:00:00.000Z',
    ...at,
    ...overrides,
  },
});

describe('recording a purchase', () => {
  it('computes the amount from the lines, rounded to cents', () =>
    given([registered()])
      .when(purchase([{ sku: 'X', quantity: 3, unitPrice: 0.1 }]))
      .then([
        {
          type: 'PurchaseRecorded',
          data: {
            customerId: CUSTOMER_ID,
            orderId: 'o-2',
            lines: [{ sku: 'X', quantity: 3, unitPrice: 0.1 }],
            amount: 0.3,
            currency: 'EUR',
            channel: 'web',
            ...at,
          },
        },
      ]));

  it('accepts a given amount that matches the lines', () =>
    expect(
      given([registered()])
        .when(purchase([BEANS_LINE], { amount: 17.8 }))
        .events(),
    ).toHaveLength(1));

  it('refuses a given amount that does not match the lines', () =>
    given([registered()])
      .when(purchase([BEANS_LINE], { amount: 18 }))
      .thenThrows(ValidationFailed, { field: 'amount' }));

  it('refuses an order without lines or with a nonsensical quantity', () => {
    given([registered()]).when(purchase([])).thenThrows(ValidationFailed, { field: 'lines' });
    given([registered()])
      .when(purchase([{ ...BEANS_LINE, quantity: 0 }]))
      .thenThrows(ValidationFailed, { field: 'lines[0].quantity' });
  });

  it('refuses an order id that was already recorded', () =>
    given([registered(), purchased({ orderId: 'o-2' })])
      .when(purchase([BEANS_LINE]))
      .thenThrows(OrderAlreadyRecorded, { kind: 'conflict', field: 'orderId' }));
});

describe('cross-sell offers', () => {
  it('offers a grinder after an espresso machine, right after the purchase', () => {
    const events = given([registered()])
      .when(purchase([ESPRESSO_LINE]))
      .events();
    expect(events.map((e) => e.type)).toEqual(['PurchaseRecorded', 'OfferMade']);
    expect(events[1]).toEqual(grinderOffer());
  });

  it('matches rules by sku as well as by category', () =>
    expect(
      given([registered()])
        .when(purchase([{ sku: 'ESP-200', quantity: 1, unitPrice: 899 }]))
        .events()[1],
    ).toEqual(grinderOffer()));

  it('does not offer what the customer already bought', () =>
    given([registered(), purchased({ orderId: 'o-1', lines: [GRINDER_LINE], amount: 149 })])
      .when(purchase([ESPRESSO_LINE]))
      .events()
      .forEach((event) => expect(event.type).not.toBe('OfferMade')));

  it('does not offer what is bought in the same order, but follows the rule that order triggers', () => {
    const events = given([registered()])
      .when(purchase([ESPRESSO_LINE, GRINDER_LINE]))
      .events();
    expect(events.slice(1).map((e) => (e as OfferMade).data.sku)).toEqual(['BEAN-1KG']);
  });

  it('does not repeat an offer that is still pending', () => {
    const pending = grinderOffer({ offerId: 'offer-o-1-espresso-grinder', triggeredByOrderId: 'o-1' });
    const events = given([registered(), pending])
      .when(purchase([ESPRESSO_LINE]))
      .events();
    expect(events.map((e) => e.type)).toEqual(['PurchaseRecorded']);
  });

  it('offers again once the earlier offer expired', () => {
    const expired = grinderOffer({ offerId: 'offer-o-1-espresso-grinder', validUntil: '2026-02-01T00:00:00.000Z' });
    expect(
      given([registered(), expired])
        .when(purchase([ESPRESSO_LINE]))
        .events()[1],
    ).toEqual(grinderOffer());
  });

  it('clears a pending offer when the offered sku is bought', () => {
    const history = [
      registered(),
      grinderOffer({ offerId: 'earlier' }),
      purchased({ lines: [GRINDER_LINE], amount: 149 }),
    ];
    // The grinder is owned now: a new espresso machine triggers no grinder offer.
    expect(
      given(history)
        .when(purchase([ESPRESSO_LINE]))
        .events()
        .map((e) => e.type),
    ).toEqual(['PurchaseRecorded']);
  });

  it('follows the configured policy', () => {
    const policy: CrmPolicy = {
      ...DEFAULT_POLICY,
      crossSellRules: [
        { id: 'tamper', whenBought: { categories: ['beans'] }, offer: { sku: 'TMP', description: 't' }, validDays: 1 },
      ],
    };
    const events = given([registered()])
      .when(purchase([BEANS_LINE]), testContext(TEST_NOW, policy))
      .events();
    expect(events[1]).toMatchObject({
      type: 'OfferMade',
      data: { offerId: 'offer-o-2-tamper', validUntil: '2026-03-02T12:00:00.000Z' },
    });
  });
});

describe('recording a return', () => {
  const order = purchased({ orderId: 'o-1', lines: [ESPRESSO_LINE, BEANS_LINE], amount: 366.8, currency: 'CHF' });
  const giveBack = (amount: number, skus?: string[]) =>
    command('RecordReturn', { orderId: 'o-1', returnId: 'r-1', amount, skus, reason: 'changed mind' });

  it('records a return in the currency of the order', () =>
    given([registered(), order])
      .when(giveBack(17.8, ['BEAN-250']))
      .then([
        {
          type: 'PurchaseReturned',
          data: {
            customerId: CUSTOMER_ID,
            orderId: 'o-1',
            returnId: 'r-1',
            amount: 17.8,
            currency: 'CHF',
            skus: ['BEAN-250'],
            reason: 'changed mind',
            ...at,
          },
        },
      ]));

  it('refuses a return for an unknown order', () =>
    given([registered()]).when(giveBack(1)).thenThrows(UnknownOrder, { field: 'orderId' }));

  it('allows returning up to the whole order amount over several returns', () => {
    const first = given([registered(), order]).when(giveBack(349)).events();
    expect(
      given([registered(), order, ...first])
        .when(giveBack(17.8))
        .events(),
    ).toHaveLength(1);
  });

  it('refuses returns that would exceed the order amount', () => {
    const first = given([registered(), order]).when(giveBack(349)).events();
    given([registered(), order, ...first])
      .when(giveBack(17.81))
      .thenThrows(BusinessRuleViolation, { code: 'RETURN_EXCEEDS_ORDER', field: 'amount' });
  });

  it('refuses a non-positive amount and skus that were not in the order', () => {
    given([registered(), order]).when(giveBack(0)).thenThrows(ValidationFailed, { field: 'amount' });
    given([registered(), order])
      .when(giveBack(10, ['GRD-10']))
      .thenThrows(BusinessRuleViolation, { code: 'RETURN_SKU_NOT_IN_ORDER', field: 'skus' });
  });

  it('refuses a return dated before its purchase', () =>
    given([registered(), purchased({ orderId: 'o-1', occurredAt: TEST_NOW })])
      .when(command('RecordReturn', { orderId: 'o-1', returnId: 'r', amount: 1, occurredAt: '2026-01-01T00:00:00Z' }))
      .thenThrows(ValidationFailed, { field: 'occurredAt' }));
});
