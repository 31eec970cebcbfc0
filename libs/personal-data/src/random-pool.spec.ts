import { RandomPool } from './random-pool';

describe('RandomPool', () => {
  it('hands out slices of the asked size that never repeat, across draws', () => {
    const pool = new RandomPool(32 * 4);
    const seen = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const bytes = pool.take(32);
      expect(bytes.length).toBe(32);
      seen.add(bytes.toString('hex'));
    }
    expect(seen.size).toBe(50);
  });

  it('serves a size larger than its draw from a draw of its own', () => {
    const pool = new RandomPool(8);
    expect(pool.take(12).length).toBe(12);
    expect(pool.take(4).length).toBe(4);
  });
});
