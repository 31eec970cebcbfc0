import { Random } from './random';

describe('Random', () => {
  it('repeats its sequence for the same seed and differs for another', () => {
    const draw = (seed: number) =>
      Array.from(
        { length: 5 },
        (
          (r) => () =>
            r.next()
        )(new Random(seed)),
      );
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });

  it('stays within bounds', () => {
    const rng = new Random(1);
    for (let i = 0; i < 10_000; i++) {
      const x = rng.next();
      const n = rng.int(3, 5);
      expect(x >= 0 && x < 1 && n >= 3 && n <= 5 && Number.isInteger(n)).toBe(true);
    }
  });

  it('picks by weight', () => {
    const rng = new Random(2);
    const counts = { a: 0, b: 0 };
    for (let i = 0; i < 10_000; i++)
      counts[
        rng.weighted([
          ['a', 3],
          ['b', 1],
        ] as const)
      ]++;
    expect(counts.a / 10_000).toBeCloseTo(0.75, 1);
  });

  it('gives roughly normal values around the mean', () => {
    const rng = new Random(3);
    const values = Array.from({ length: 10_000 }, () => rng.normal(10, 2));
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
    expect(mean).toBeCloseTo(10, 0);
    expect(sd).toBeCloseTo(2, 0);
  });

  it('forks independent, reproducible streams', () => {
    const a = new Random(9).fork(1);
    const b = new Random(9).fork(1);
    const c = new Random(9).fork(2);
    expect(a.next()).toBe(b.next());
    expect(a.next()).not.toBe(c.next());
  });
});
