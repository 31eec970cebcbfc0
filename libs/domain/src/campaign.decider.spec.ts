import {
  assertCampaignAccepts,
  assertCampaignReference,
  campaignNamedBy,
  evolveCampaign,
  initialCampaignState,
} from './campaign.decider';
import type { DeliverCampaignTouch, LaunchCampaign, RecordPurchase } from './commands';
import { BusinessRuleViolation, CampaignAlreadyLaunched, UnknownCampaign, ValidationFailed } from './errors';
import type { CampaignLaunched } from './events';
import { TEST_NOW, givenCampaign as given } from './test-support/given-when-then';

const launch = (overrides: Partial<LaunchCampaign['data']> = {}): LaunchCampaign => ({
  type: 'LaunchCampaign',
  data: {
    campaignId: 'cmp-1',
    name: 'Spring espresso days',
    channel: 'email',
    startsAt: '2026-03-10T00:00:00Z',
    endsAt: '2026-04-10T00:00:00Z',
    budget: 12500,
    currency: 'EUR',
    ...overrides,
  },
});

const launched: CampaignLaunched = {
  type: 'CampaignLaunched',
  data: {
    campaignId: 'cmp-1',
    name: 'Spring espresso days',
    channel: 'email',
    startsAt: '2026-03-10T00:00:00.000Z',
    endsAt: '2026-04-10T00:00:00.000Z',
    budget: 12500,
    currency: 'EUR',
    occurredAt: TEST_NOW,
  },
};

describe('launching a campaign', () => {
  it('launches a campaign, which may start in the future', () => given([]).when(launch()).then([launched]));

  it('refuses to launch the same campaign twice', () =>
    given([launched]).when(launch()).thenThrows(CampaignAlreadyLaunched, { code: 'CAMPAIGN_ALREADY_LAUNCHED' }));

  it('refuses a period that ends before (or when) it starts', () => {
    given([])
      .when(launch({ endsAt: '2026-03-01T00:00:00Z' }))
      .thenThrows(ValidationFailed, { field: 'endsAt' });
    given([])
      .when(launch({ endsAt: '2026-03-10T00:00:00Z' }))
      .thenThrows(ValidationFailed, { field: 'endsAt' });
  });

  it('refuses a negative budget and accepts a zero one', () => {
    given([])
      .when(launch({ budget: -1 }))
      .thenThrows(ValidationFailed, { field: 'budget' });
    expect(
      given([])
        .when(launch({ budget: 0 }))
        .events(),
    ).toHaveLength(1);
  });

  it('refuses malformed period instants, naming the field', () =>
    given([])
      .when(launch({ startsAt: 'soon' }))
      .thenThrows(ValidationFailed, { field: 'startsAt' }));

  it('refuses an occurredAt in the future', () =>
    given([])
      .when(launch({ occurredAt: '2026-05-01T00:00:00Z' }))
      .thenThrows(ValidationFailed, { field: 'occurredAt' }));
});

describe('whether a campaign accepts a touch', () => {
  const state = evolveCampaign(initialCampaignState(), launched);

  it('accepts touches within its period, bounds included', () => {
    expect(() => assertCampaignAccepts(state, 'cmp-1', '2026-03-10T00:00:00.000Z')).not.toThrow();
    expect(() => assertCampaignAccepts(state, 'cmp-1', '2026-04-10T00:00:00.000Z')).not.toThrow();
  });

  it('refuses a campaign that was never launched', () =>
    expect(() => assertCampaignAccepts(initialCampaignState(), 'cmp-9', TEST_NOW)).toThrow(UnknownCampaign));

  it.each(['2026-03-09T23:59:59.999Z', '2026-04-10T00:00:00.001Z'])(
    'refuses a touch at %s, outside the period',
    (at) => {
      expect(() => assertCampaignAccepts(state, 'cmp-1', at)).toThrow(BusinessRuleViolation);
      expect(() => assertCampaignAccepts(state, 'cmp-1', at)).toThrow(
        expect.objectContaining({ code: 'CAMPAIGN_NOT_RUNNING' }),
      );
    },
  );
});

describe('a customer command naming a campaign', () => {
  const state = evolveCampaign(initialCampaignState(), launched);
  const touch = (occurredAt?: string): DeliverCampaignTouch => ({
    type: 'DeliverCampaignTouch',
    data: {
      customerId: 'c-1',
      campaignId: 'cmp-1',
      touchId: 't-1',
      channel: 'email',
      ...(occurredAt ? { occurredAt } : {}),
    },
  });
  const purchase = (campaignId?: string): RecordPurchase => ({
    type: 'RecordPurchase',
    data: {
      customerId: 'c-1',
      orderId: 'o-1',
      lines: [{ sku: 'A', quantity: 1, unitPrice: 2 }],
      currency: 'EUR',
      channel: 'web',
      offerIdPrefix: 'offer-o-1',
      ...(campaignId ? { campaignId } : {}),
    },
  });

  it('is found by its campaignId, and a command without one names none', () => {
    expect(campaignNamedBy(touch())).toBe('cmp-1');
    expect(campaignNamedBy(purchase('cmp-1'))).toBe('cmp-1');
    expect(campaignNamedBy(purchase())).toBeUndefined();
  });

  it('takes a touch at its own time, or now when it has none, within the period only', () => {
    expect(() => assertCampaignReference(touch('2026-03-20T00:00:00Z'), 'cmp-1', state, TEST_NOW)).not.toThrow();
    expect(() => assertCampaignReference(touch(), 'cmp-1', state, '2026-03-20T00:00:00.000Z')).not.toThrow();
    expect(() => assertCampaignReference(touch(), 'cmp-1', state, '2026-05-01T00:00:00.000Z')).toThrow(
      expect.objectContaining({ code: 'CAMPAIGN_NOT_RUNNING' }),
    );
  });

  it('takes anything else naming a launched campaign at any time, and refuses one never launched', () => {
    expect(() => assertCampaignReference(purchase('cmp-1'), 'cmp-1', state, '2027-01-01T00:00:00.000Z')).not.toThrow();
    expect(() => assertCampaignReference(purchase('cmp-9'), 'cmp-9', initialCampaignState(), TEST_NOW)).toThrow(
      UnknownCampaign,
    );
    expect(() => assertCampaignReference(touch(), 'cmp-9', initialCampaignState(), TEST_NOW)).toThrow(UnknownCampaign);
  });
});
