// Reading one setting from the environment: each reader validates its variable and stops the
// start with a ConfigError naming it. Shared by every part of the configuration.
import { readFileSync } from 'node:fs';
import { ConfigError } from './config-error';

export type Env = Record<string, string | undefined>;

export function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(name, `must be an integer between ${min} and ${max}, got '${raw}'`);
  }
  return value;
}

const DURATION_UNITS_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `7d`, `12h`, `90m`, `2w`, or `off`/unset (null); at least `minMs`, at most a year. */
export function duration(env: Env, name: string, minMs: number): number | null {
  const raw = env[name];
  if (raw === undefined || raw === '' || raw === 'off') return null;
  const match = /^([1-9][0-9]{0,5})([mhdw])$/.exec(raw);
  const ms = match ? Number(match[1]) * DURATION_UNITS_MS[match[2]] : NaN;
  if (!(ms >= minMs && ms <= 366 * 86_400_000)) {
    throw new ConfigError(
      name,
      `must be off or a number with a unit m, h, d or w (e.g. 7d), 1m to a year, got '${raw}'`,
    );
  }
  return ms;
}

export function secret(env: Env, name: string, minLength: number): string | null {
  const raw = env[name];
  if (raw === undefined || raw === '') return null;
  if (raw.length < minLength) throw new ConfigError(name, `must be at least ${minLength} characters`);
  return raw;
}

export function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(name, `must be one of ${allowed.join(', ')}, got '${raw}'`);
  }
  return raw as T;
}

export function readJson(variable: string, file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(variable, `cannot read JSON from '${file}': ${(error as Error).message}`);
  }
}
