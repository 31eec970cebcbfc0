// Reads the command-related headers (Idempotency-Key, If-Match, X-Correlation-Id, X-Source-Channel)
// and builds the options every command runs with.
import { ValidationFailed } from '@ledger/domain';
import type { CommandOptions } from './command-executor';
import { newCommandId, requestHash } from './ids';

const KEY_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

/** What a command needs of its caller: the headers and who they are (an HTTP request, or the importer). */
export interface CommandCaller {
  headers: Record<string, string | string[] | undefined>;
  principal?: { actor: string; sessionId?: string };
}

export function commandOptions(request: CommandCaller, hashOf: unknown): CommandOptions {
  const key = header(request, 'idempotency-key');
  if (key !== undefined && !KEY_PATTERN.test(key)) {
    throw new ValidationFailed([
      { field: 'Idempotency-Key', reason: 'must be 1-128 characters: letters, digits, . _ : -' },
    ]);
  }
  const correlationId = header(request, 'x-correlation-id');
  if (correlationId !== undefined && !KEY_PATTERN.test(correlationId)) {
    throw new ValidationFailed([
      { field: 'X-Correlation-Id', reason: 'must be 1-128 characters: letters, digits, . _ : -' },
    ]);
  }
  const channel = header(request, 'x-source-channel') ?? 'api';
  if (!/^[a-z0-9_-]{1,40}$/.test(channel)) {
    throw new ValidationFailed([
      { field: 'X-Source-Channel', reason: 'must be 1-40 lower-case letters, digits, _ or -' },
    ]);
  }
  return {
    commandId: key ?? newCommandId(),
    idempotencyKeyGiven: key !== undefined,
    expectedRevision: ifMatch(request),
    actor: request.principal?.actor ?? 'anonymous',
    session: request.principal?.sessionId,
    channel,
    correlationId,
    requestHash: requestHash(hashOf),
  };
}

/** If-Match carries the stream revision the client read, bare or as an ETag ("3", W/"3"). */
function ifMatch(request: CommandCaller): number | undefined {
  const raw = header(request, 'if-match');
  if (raw === undefined) return undefined;
  const value = raw.replace(/^W\//, '').replace(/^"(.*)"$/, '$1');
  if (!/^(-1|\d{1,15})$/.test(value)) {
    throw new ValidationFailed([
      { field: 'If-Match', reason: 'must be the stream revision as a whole number, e.g. "3"' },
    ]);
  }
  return Number(value);
}

function header(request: CommandCaller, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
