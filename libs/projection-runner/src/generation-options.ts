// Timings of read-model generations in distributed mode, and the read models a runner feeds.
// Defaults suit production; tests shorten them through the GENERATION_OPTIONS provider.
import type { Projection } from '@ledger/projections';

export interface GenerationOptions {
  /** How often each projection-service instance re-reads the pointers (flips, new builds, drops). */
  pollMs: number;
  /**
   * How long a retired generation's collection outlives the flip: queries that resolved it just
   * before still read it, and every instance has long noticed the flip and stopped writing it.
   */
  graceMs: number;
  /** How long the query side trusts a pointer it has read. */
  cacheMs: number;
}

export interface KafkaRunnerOptions extends Partial<GenerationOptions> {
  /** The read models to feed; default the catalogue. Tests pass a projection with a bumped version. */
  projections?: Projection[];
}

export const GENERATION_OPTIONS = Symbol('GENERATION_OPTIONS');

export const DEFAULT_GENERATION_OPTIONS: GenerationOptions = { pollMs: 1000, graceMs: 60_000, cacheMs: 1000 };

/** Fills in defaults; refuses a grace period that readers or pollers could outlive. */
export function generationOptions(given: Partial<GenerationOptions> = {}): GenerationOptions {
  const options: GenerationOptions = {
    pollMs: given.pollMs ?? DEFAULT_GENERATION_OPTIONS.pollMs,
    graceMs: given.graceMs ?? DEFAULT_GENERATION_OPTIONS.graceMs,
    cacheMs: given.cacheMs ?? DEFAULT_GENERATION_OPTIONS.cacheMs,
  };
  if (options.graceMs < 5 * Math.max(options.pollMs, options.cacheMs)) {
    throw new Error(`graceMs (${options.graceMs}) must be at least 5 × max(pollMs, cacheMs)`);
  }
  return options;
}
