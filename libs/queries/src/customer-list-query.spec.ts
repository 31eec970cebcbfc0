import { ValidationFailed } from '@ledger/domain';
import { customerListQuery } from './customer-list-query';

const clock = { now: () => '2026-11-23T10:15:30.000Z' };

const problems = (query: Record<string, string>) => {
  try {
    customerListQuery(query, clock);
  } catch (error) {
    if (error instanceof ValidationFailed) return error.problems;
    throw error;
  }
  throw new Error('no validation failure');
};

describe('the customer list query', () => {
  it('parses the views’ filter, order and window, the narrowing and the forecasts asked', () => {
    const asked = customerListQuery(
      {
        segment: 'champions',
        keyAccount: 'false',
        country: 'NL',
        sort: 'monetary',
        order: 'desc',
        offset: '20',
        limit: '10',
        r: '5',
        forecast: 'true',
        minPosition: '42',
      },
      clock,
    );
    expect(asked).toEqual({
      asOf: undefined,
      minPosition: '42',
      filter: { segment: 'champions', country: 'NL', keyAccount: false },
      options: { sort: 'monetary', order: 'desc', offset: 20, pageSize: 10 },
      forecasts: { horizonWeeks: 52, lifetimeWeeks: 156 },
      narrowing: { r: 5 },
    });
  });

  it('takes a bare date as the end of that day, and no forecasts unless asked', () => {
    const asked = customerListQuery({ asOf: '2026-10-31' }, clock);
    expect(asked.asOf).toBe('2026-10-31T23:59:59.999Z');
    expect(asked.forecasts).toBeNull();
    expect(asked.options).toEqual({ offset: 0, pageSize: 50 });
  });

  it('names each unknown filter, listing the filters it takes', () => {
    expect(problems({ segmnet: 'champions', colour: 'red' })).toEqual([
      {
        field: 'segmnet',
        reason:
          'unknown filter; filters: segment, valueTier, lifecycleStage, churnRisk, channel, country, r, f, ' +
          'campaign, purchasedIn, activeIn, keyAccount',
      },
      expect.objectContaining({ field: 'colour' }),
    ]);
  });

  it('names the field of a malformed value: the page size as it came in (too big for forecasts), a flag', () => {
    expect(problems({ forecast: 'true', limit: '51' })).toEqual([
      { field: 'limit', reason: 'limit must be at most 50 with forecast=true' },
    ]);
    expect(problems({ keyAccount: 'yes' })).toEqual([
      { field: 'keyAccount', reason: 'keyAccount must be one of: true, false' },
    ]);
  });
});
