// Property test: LiveAttribution, fed random document changes, answers exactly what
// campaignAttribution answers over every document, for open and closed campaign windows.
import { campaignAttribution, campaignsProjection, type CampaignDoc } from '@ledger/projections';
import { LiveAttribution } from './attribution-live';
import { LiveSegments } from './segments-live';
import { foldAll, launched, touched } from '@ledger/projections/test-support';
import { CAMPAIGNS, DAY, generator, History, iso, START } from './test-support/random-history';

const campaigns = new Map<string, CampaignDoc>(
  foldAll(campaignsProjection, [
    // ad-a closed long ago, ad-b runs across START, ad-c starts after it.
    launched('ad-a', iso(START - 390 * DAY), iso(START - 100 * DAY), { budget: 1000 }),
    launched('ad-b', iso(START - 200 * DAY), iso(START + 20 * DAY), { budget: 500 }),
    launched('ad-c', iso(START + 5 * DAY), iso(START + 60 * DAY), { budget: 0 }),
  ]).map((doc) => [doc.campaignId, doc]),
);

describe('LiveAttribution', () => {
  it.each([1, 2, 3, 4])('equals attribution over every document after random changes (seed %i)', (seed) => {
    const random = generator(seed);
    const history = new History(random, 0.03); // few customers with long histories: touches, then purchases and calls
    history.events(600, START);
    // The documents change through LiveSegments, whose change reports feed the attribution.
    const segments = new LiveSegments(iso(START), history.docs.values());
    const live = new LiveAttribution(history.docs.values(), 4);
    let asOfMs = START;
    const reached = { lastTouch: 0, contactsAfterTouch: 0 };
    for (let round = 0; round < 40; round++) {
      if (random.next() < 0.6) live.apply(segments.upsert(history.events(1 + random.int(10), asOfMs)));
      if (random.next() < 0.3) asOfMs += random.int(20) * DAY + random.int(DAY);
      for (let ask = 0; ask < 3; ask++) {
        const campaign = campaigns.get(random.pick(CAMPAIGNS)) as CampaignDoc;
        const options = {
          asOf: iso(asOfMs + random.pick([0, 0, -30 * DAY, 90 * DAY])),
          lookbackDays: random.pick([7, 30]),
        };
        const expected = campaignAttribution(campaign, history.docs.values(), options);
        expect(live.attribution(campaign, options)).toEqual(expected);
        if (expected.lastTouch.revenue > 0) reached.lastTouch++;
        if (Object.values(expected.contactsAfterTouch).some((n) => n > 0)) reached.contactsAfterTouch++;
      }
    }
    // The figures compared are not all zeros.
    expect(reached.lastTouch).toBeGreaterThan(5);
    expect(reached.contactsAfterTouch).toBeGreaterThan(5);
  });

  it('hands out copies: a later change does not reach an answer already given', () => {
    const history = new History(generator(7));
    history.events(200, START);
    const segments = new LiveSegments(iso(START), history.docs.values());
    const live = new LiveAttribution(history.docs.values());
    const campaign = campaigns.get('ad-b') as CampaignDoc;
    const options = { asOf: iso(START + 100 * DAY) };
    const first = live.attribution(campaign, options);
    const snapshot = structuredClone(first);
    live.apply(segments.upsert(history.events(30, START)));
    expect(first).toEqual(snapshot);
    expect(live.attribution(campaign, options)).toEqual(campaignAttribution(campaign, history.docs.values(), options));
  });

  it('is all zeros for a campaign whose launch has not been projected', () => {
    const [unlaunched] = foldAll(campaignsProjection, [touched('c1', 'ad-x', iso(START))]);
    const live = new LiveAttribution();
    expect(live.attribution(unlaunched, { asOf: iso(START) })).toEqual(
      campaignAttribution(unlaunched, [], { asOf: iso(START) }),
    );
  });
});
