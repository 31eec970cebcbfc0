// A seeded pseudo-random source (mulberry32) and the few distributions the simulation draws
// from, so every interval is reproducible from (model, customer, seed).
const { cos, log, pow, sqrt, PI } = Math;

export interface Random {
  /** Uniform on (0, 1), never 0. */
  uniform(): number;
  normal(): number;
  /** Gamma with this shape and rate (mean shape / rate). */
  gamma(shape: number, rate: number): number;
  beta(a: number, b: number): number;
  exponential(rate: number): number;
}

export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  const uniform = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
  const normal = (): number => sqrt(-2 * log(uniform())) * cos(2 * PI * uniform());
  // Marsaglia & Tsang (2000); shapes below 1 by the boost Gamma(k) = Gamma(k + 1) · U^(1/k).
  const standardGamma = (shape: number): number => {
    if (shape < 1) return standardGamma(shape + 1) * pow(uniform(), 1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / sqrt(9 * d);
    for (;;) {
      const z = normal();
      const v0 = 1 + c * z;
      if (v0 <= 0) continue;
      const v = v0 * v0 * v0;
      const u = uniform();
      if (log(u) < 0.5 * z * z + d - d * v + d * log(v)) return d * v;
    }
  };
  return {
    uniform,
    normal,
    gamma: (shape, rate) => standardGamma(shape) / rate,
    beta: (a, b) => {
      const x = standardGamma(a);
      return x / (x + standardGamma(b));
    },
    exponential: (rate) => -log(uniform()) / rate,
  };
}

/** A 32-bit seed from a string (FNV-1a), so a customer's intervals depend only on their id. */
export function seedOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/** The q-quantile of a sample by linear interpolation (sorts a copy). */
export function quantile(values: ArrayLike<number>, q: number): number {
  const sorted = Float64Array.from(values).sort();
  if (sorted.length === 0) return NaN;
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.min(low + 1, sorted.length - 1);
  return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
}
