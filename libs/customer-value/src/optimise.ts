// Maximum likelihood by Nelder–Mead (fmin's, ported in nelder-mead.ts) over unconstrained log-parameters,
// restarted from its own best point until a restart no longer improves: one simplex run stalls
// short of the optimum on flat likelihood ridges, and the CDNOW checks need 0.5 %.
import { nelderMead, type Objective } from './nelder-mead';

export interface Minimum {
  x: number[];
  value: number;
  /** Simplex runs until a restart stopped improving. */
  runs: number;
}

/** Minimises `f` from `start`; non-finite values count as +∞ so the simplex walks away from them. */
export function minimise(f: Objective, start: number[], maxRuns = 12): Minimum {
  const safe: Objective = (x) => {
    const value = f(x);
    return Number.isFinite(value) ? value : Number.MAX_VALUE;
  };
  let best = { x: start.slice(), fx: safe(start) };
  let runs = 0;
  while (runs < maxRuns) {
    runs += 1;
    // A fresh simplex of ±10 % (or ±0.1 around 0) lets each restart look around the last best point.
    const x0 = best.x.map((v) => (Math.abs(v) < 1e-3 ? 0.1 : v));
    const next = nelderMead(safe, x0, { maxIterations: 4000, minErrorDelta: 1e-12, nonZeroDelta: 1.1 });
    const improved = best.fx - next.fx;
    if (next.fx < best.fx) best = { x: next.x.slice(), fx: next.fx };
    if (improved < 1e-9) break;
  }
  return { x: best.x, value: best.fx, runs };
}

/**
 * Observed information (the Hessian of the negative log-likelihood) at the optimum by central
 * differences, inverted: the asymptotic covariance of the log-parameters, used for intervals.
 */
export function covarianceAt(f: Objective, x: number[], step = 1e-4): number[][] {
  const n = x.length;
  const h: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const at = (di: number, si: number, dj: number, sj: number) => {
    const y = x.slice();
    y[di] += si * step;
    y[dj] += sj * step;
    return f(y);
  };
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const value = (at(i, 1, j, 1) - at(i, 1, j, -1) - at(i, -1, j, 1) + at(i, -1, j, -1)) / (4 * step * step);
      h[i][j] = value;
      h[j][i] = value;
    }
  }
  return invertSymmetric(h);
}

/** Gauss–Jordan inverse of a small symmetric positive-definite matrix. */
export function invertSymmetric(m: number[][]): number[][] {
  const n = m.length;
  const a = m.map((row, i) => [...row, ...row.map((_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r][c]) > Math.abs(a[pivot][c])) pivot = r;
    [a[c], a[pivot]] = [a[pivot], a[c]];
    const d = a[c][c];
    // A flat direction: the data cannot tell the parameters apart (too few or too alike customers).
    if (d === 0 || !Number.isFinite(d)) throw new RangeError('too few distinct customers to identify the model');
    for (let k = 0; k < 2 * n; k++) a[c][k] /= d;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const factor = a[r][c];
      for (let k = 0; k < 2 * n; k++) a[r][k] -= factor * a[c][k];
    }
  }
  const inverse = a.map((row) => row.slice(n));
  if (inverse.some((row, i) => !row.every(Number.isFinite) || !(row[i] > 0))) {
    throw new RangeError('too few distinct customers to identify the model');
  }
  return inverse;
}

/** Lower Cholesky factor; small negative pivots (numerical noise) are clamped to 0. */
export function cholesky(m: number[][]): number[][] {
  const n = m.length;
  const l: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = m[i][j];
      for (let k = 0; k < j; k++) sum -= l[i][k] * l[j][k];
      if (i === j) l[i][i] = Math.sqrt(Math.max(sum, 0));
      else l[i][j] = l[j][j] > 0 ? sum / l[j][j] : 0;
    }
  }
  return l;
}
