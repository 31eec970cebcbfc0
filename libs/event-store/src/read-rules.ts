// Validation and defaults for read options, shared by every adapter so a bad `maxCount` or
// `fromPosition` (often straight from a query string) is refused the same way everywhere.
import { ValidationFailed } from '@ledger/domain';
import type { ReadAllOptions, ReadStreamOptions } from './event-store.port';

export interface NormalisedReadStream {
  direction: 'forwards' | 'backwards';
  /** Undefined: from the start (forwards) or the end (backwards). */
  fromRevision?: number;
  /** Undefined: no limit. */
  maxCount?: number;
}

export interface NormalisedReadAll {
  fromPosition: number;
  maxCount?: number;
  /** Undefined: every stream. An empty list matches no stream. */
  streamPrefixes?: string[];
  /** Undefined: every type. An empty list matches no event. */
  eventTypes?: string[];
}

export function normaliseReadStream(options: ReadStreamOptions = {}): NormalisedReadStream {
  const direction = options.direction ?? 'forwards';
  if (direction !== 'forwards' && direction !== 'backwards') {
    throw new ValidationFailed([{ field: 'direction', reason: "must be 'forwards' or 'backwards'" }]);
  }
  return {
    direction,
    fromRevision: optionalCount('fromRevision', options.fromRevision),
    maxCount: optionalCount('maxCount', options.maxCount),
  };
}

export function normaliseReadAll(options: ReadAllOptions = {}): NormalisedReadAll {
  const prefixes = options.streamPrefixes;
  if (prefixes !== undefined && (!Array.isArray(prefixes) || prefixes.some((p) => typeof p !== 'string'))) {
    throw new ValidationFailed([{ field: 'streamPrefixes', reason: 'must be a list of strings' }]);
  }
  const types = options.eventTypes;
  if (types !== undefined && (!Array.isArray(types) || types.some((t) => typeof t !== 'string'))) {
    throw new ValidationFailed([{ field: 'eventTypes', reason: 'must be a list of strings' }]);
  }
  return {
    fromPosition: optionalCount('fromPosition', options.fromPosition) ?? 0,
    maxCount: optionalCount('maxCount', options.maxCount),
    streamPrefixes: prefixes,
    ...(types === undefined ? {} : { eventTypes: types }),
  };
}

function optionalCount(field: string, value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new ValidationFailed([{ field, reason: 'must be a whole number >= 0' }]);
  }
  return value;
}
