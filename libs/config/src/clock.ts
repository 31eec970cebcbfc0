// The only clock in the system; the domain gets its readings as arguments. A setting of the
// environment like the rest of the configuration, so tests and tools can pass their own.

/** Nest token of the Clock. */
export const CLOCK = Symbol('CLOCK');

export interface Clock {
  now(): string;
}

export const systemClock: Clock = { now: () => new Date().toISOString() };
