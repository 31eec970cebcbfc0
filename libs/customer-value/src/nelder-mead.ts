// The downhill simplex method, ported line for line from fmin 0.0.4's `nelderMead`
// (BSD-3-Clause, Ben Frederickson) so that fitting stays pure: fmin ships a UMD bundle inside a
// `"type": "module"` package, which plain Node loads as an ES module that exports nothing, and
// whose reduction step assigns an undeclared `i` that strict mode rejects. The port keeps fmin's
// arithmetic in the same order, so fits are bit-for-bit those of fmin (nelder-mead.spec.ts).

export type Objective = (x: number[]) => number;

export interface NelderMeadOptions {
  maxIterations?: number;
  /**
   * Stop when the best and worst values, and the two best points in every coordinate, differ
   * by less than this (fmin reads both tolerances from this one option).
   */
  minErrorDelta?: number;
  nonZeroDelta?: number;
  zeroDelta?: number;
}

export interface NelderMeadResult {
  x: number[];
  fx: number;
}

type Point = number[] & { fx: number };

const RHO = 1; // reflection
const CHI = 2; // expansion
const PSI = -0.5; // contraction
const SIGMA = 0.5; // reduction

function point(values: number[], fx = NaN): Point {
  return Object.assign(values, { fx });
}

/** ret = w1·v1 + w2·v2, in place (fmin's `weightedSum`). */
function weightedSum(ret: number[], w1: number, v1: number[], w2: number, v2: number[]): void {
  for (let j = 0; j < ret.length; ++j) ret[j] = w1 * v1[j] + w2 * v2[j];
}

/** Minimises `f` from `x0`; like fmin, it reuses `x0` as the first simplex vertex. */
export function nelderMead(f: Objective, x0: number[], options: NelderMeadOptions = {}): NelderMeadResult {
  const n = x0.length;
  const maxIterations = options.maxIterations || n * 200;
  const nonZeroDelta = options.nonZeroDelta || 1.05;
  const zeroDelta = options.zeroDelta || 0.001;
  const minErrorDelta = options.minErrorDelta || 1e-6;
  const minTolerance = options.minErrorDelta || 1e-5;

  const simplex: Point[] = [point(x0, f(x0))];
  for (let i = 0; i < n; ++i) {
    const p = x0.slice();
    p[i] = p[i] ? p[i] * nonZeroDelta : zeroDelta;
    simplex.push(point(p, f(p)));
  }
  const updateWorst = (value: Point) => {
    for (let i = 0; i < value.length; i++) simplex[n][i] = value[i];
    simplex[n].fx = value.fx;
  };
  const byValue = (a: Point, b: Point) => a.fx - b.fx;
  const centroid = x0.slice();
  const reflected = point(x0.slice());
  const contracted = point(x0.slice());
  const expanded = point(x0.slice());

  for (let iteration = 0; iteration < maxIterations; ++iteration) {
    simplex.sort(byValue);
    let maxDiff = 0;
    for (let i = 0; i < n; ++i) maxDiff = Math.max(maxDiff, Math.abs(simplex[0][i] - simplex[1][i]));
    if (Math.abs(simplex[0].fx - simplex[n].fx) < minErrorDelta && maxDiff < minTolerance) break;

    // The centroid of all but the worst point.
    for (let i = 0; i < n; ++i) {
      centroid[i] = 0;
      for (let j = 0; j < n; ++j) centroid[i] += simplex[j][i];
      centroid[i] /= n;
    }
    const worst = simplex[n];
    weightedSum(reflected, 1 + RHO, centroid, -RHO, worst);
    reflected.fx = f(reflected);

    if (reflected.fx < simplex[0].fx) {
      weightedSum(expanded, 1 + CHI, centroid, -CHI, worst);
      expanded.fx = f(expanded);
      updateWorst(expanded.fx < reflected.fx ? expanded : reflected);
    } else if (reflected.fx >= simplex[n - 1].fx) {
      let shouldReduce = false;
      if (reflected.fx > worst.fx) {
        // Inside contraction.
        weightedSum(contracted, 1 + PSI, centroid, -PSI, worst);
        contracted.fx = f(contracted);
        if (contracted.fx < worst.fx) updateWorst(contracted);
        else shouldReduce = true;
      } else {
        // Outside contraction.
        weightedSum(contracted, 1 - PSI * RHO, centroid, PSI * RHO, worst);
        contracted.fx = f(contracted);
        if (contracted.fx < reflected.fx) updateWorst(contracted);
        else shouldReduce = true;
      }
      if (shouldReduce) {
        // Shrink every point towards the best one.
        for (let i = 1; i < simplex.length; ++i) {
          weightedSum(simplex[i], 1 - SIGMA, simplex[0], SIGMA, simplex[i]);
          simplex[i].fx = f(simplex[i]);
        }
      }
    } else {
      updateWorst(reflected);
    }
  }
  simplex.sort(byValue);
  return { fx: simplex[0].fx, x: simplex[0] };
}
