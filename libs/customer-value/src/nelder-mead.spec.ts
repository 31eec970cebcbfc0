import { readFileSync } from 'node:fs';
import { runInThisContext } from 'node:vm';
import { nelderMead, type NelderMeadOptions, type Objective } from './nelder-mead';

/** fmin 0.0.4's own bundle, evaluated as CommonJS with the `i` its reduction step leaks declared. */
function fminNelderMead(): (f: Objective, x0: number[], options: NelderMeadOptions) => { x: number[]; fx: number } {
  const source = readFileSync(require.resolve('fmin/build/fmin.js'), 'utf8');
  const exports: { nelderMead?: ReturnType<typeof fminNelderMead> } = {};
  const factory = runInThisContext(`(function (exports, module) { var i; ${source}\n})`) as (
    e: object,
    m: object,
  ) => void;
  factory(exports, { exports });
  if (!exports.nelderMead) throw new Error('fmin: nelderMead not found');
  return exports.nelderMead;
}

const rosenbrock: Objective = ([x, y]) => 100 * (y - x * x) ** 2 + (1 - x) ** 2;
const bowl: Objective = (v) => v.reduce((sum, x, i) => sum + (i + 1) * (x - i) ** 2, 0);
// A likelihood-like ridge with a non-finite region, as the restarts in optimise.ts see it.
const ridge: Objective = ([a, b, c]) => {
  const value = Math.exp(a) - a * 3 + (b - c) ** 2 / 0.01 + (b + c - 1) ** 2 + (a < -5 ? Infinity : 0);
  return Number.isFinite(value) ? value : Number.MAX_VALUE;
};

describe('nelderMead (port of fmin 0.0.4)', () => {
  const fmin = fminNelderMead();
  const cases: Array<[string, Objective, number[], NelderMeadOptions]> = [
    ['Rosenbrock from (-1.2, 1)', rosenbrock, [-1.2, 1], {}],
    ['Rosenbrock with tight tolerances', rosenbrock, [-1.2, 1], { maxIterations: 4000, minErrorDelta: 1e-12 }],
    ['a 4-d bowl from 0 (zero deltas)', bowl, [0, 0, 0, 0], { nonZeroDelta: 1.1 }],
    [
      'a ridge with a non-finite region',
      ridge,
      [0.1, 2, -3],
      { maxIterations: 4000, minErrorDelta: 1e-12, nonZeroDelta: 1.1 },
    ],
  ];

  it.each(cases)('matches fmin bit for bit: %s', (_name, f, x0, options) => {
    const ours = nelderMead(f, x0.slice(), options);
    const theirs = fmin(f, x0.slice(), options);
    expect(ours.fx).toBe(theirs.fx);
    expect([...ours.x]).toEqual([...theirs.x]);
  });

  it('finds the minimum of the Rosenbrock function', () => {
    const { x, fx } = nelderMead(rosenbrock, [-1.2, 1], { maxIterations: 4000, minErrorDelta: 1e-12 });
    expect(fx).toBeLessThan(1e-8);
    expect(x[0]).toBeCloseTo(1, 3);
    expect(x[1]).toBeCloseTo(1, 3);
  });
});
