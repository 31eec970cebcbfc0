import { backoffDelay, jitteredBackoffDelay } from './backoff';

describe('backoff', () => {
  const options = { initialMs: 100, maxMs: 1000 };

  it('doubles from the initial delay up to the cap', () => {
    expect([1, 2, 3, 4, 5, 40].map((attempt) => backoffDelay(attempt, options))).toEqual([
      100, 200, 400, 800, 1000, 1000,
    ]);
  });

  it('jitters within the upper half of the delay, at both ends of the random draw', () => {
    expect(jitteredBackoffDelay(3, options, () => 0)).toBe(200);
    expect(jitteredBackoffDelay(3, options, () => 0.999999)).toBe(400);
    for (let attempt = 1; attempt <= 8; attempt++) {
      const delay = jitteredBackoffDelay(attempt, options);
      expect(delay).toBeGreaterThanOrEqual(backoffDelay(attempt, options) / 2);
      expect(delay).toBeLessThanOrEqual(backoffDelay(attempt, options));
    }
  });
});
