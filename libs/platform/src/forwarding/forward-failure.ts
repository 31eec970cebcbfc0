// What a caller of the query service reads when a forwarded request cannot be answered by its
// upstream: a JSON 503 (not reachable), 504 (no answer in time) or 502 (broken answer), saying
// whether the request may have been carried out — never a hang, never a 500 with a stack.
import { RefusedRequest, toBody, type ErrorBody } from '@ledger/http';
import { UNREACHABLE_CODES } from '@ledger/retry';

/** Refusal of a forwarded body over the limit while it streams (no Content-Length to check first). */
export class ForwardedBodyTooLarge extends Error {
  readonly code = 'BODY_TOO_LARGE';
  constructor(readonly limit: number) {
    super(`request body exceeds the limit of ${limit} bytes`);
  }
}

const TIMED_OUT = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'FST_REPLY_FROM_TIMEOUT']);

interface ErrorLike {
  code?: string;
  statusCode?: number;
  cause?: unknown;
  message?: string;
}

/** The error and its causes, outermost first (reply-from wraps the client's error). */
function chain(error: unknown): ErrorLike[] {
  const errors: ErrorLike[] = [];
  for (let at = error as ErrorLike | undefined; at && errors.length < 5; at = at.cause as ErrorLike | undefined) {
    errors.push(at);
  }
  return errors;
}

export interface FailureAnswer {
  body: ErrorBody;
  /** For the log line: the transport's own code (ECONNREFUSED, UND_ERR_HEADERS_TIMEOUT…). */
  reason: string;
}

/** The answer for a forward to `upstream` (a service name) that failed with `error`. */
export function failureAnswer(error: unknown, upstream: string, timeoutMs: number): FailureAnswer {
  const errors = chain(error);
  const codes = errors.map((e) => e.code).filter((code): code is string => typeof code === 'string');
  const reason = codes[codes.length - 1] ?? errors[errors.length - 1]?.message ?? 'unknown';
  const tooLarge = errors.find((e): e is ForwardedBodyTooLarge => e instanceof ForwardedBodyTooLarge);
  if (tooLarge) {
    return { body: toBody(new RefusedRequest(413, 'BODY_TOO_LARGE', tooLarge.message, 'body')), reason };
  }
  if (codes.some((code) => UNREACHABLE_CODES.has(code) || code === 'UND_ERR_CONNECT_TIMEOUT')) {
    return {
      body: answer(
        503,
        'UPSTREAM_UNAVAILABLE',
        `the ${upstream} cannot be reached (${reason}); nothing was sent to it, retry later`,
      ),
      reason,
    };
  }
  if (codes.some((code) => TIMED_OUT.has(code))) {
    return {
      body: answer(
        504,
        'UPSTREAM_TIMEOUT',
        `the ${upstream} did not answer within ${timeoutMs} ms; a command may have been recorded: retry with the same Idempotency-Key`,
      ),
      reason,
    };
  }
  return {
    body: answer(
      502,
      'BAD_GATEWAY',
      `the ${upstream} broke off its answer (${reason}); retry with the same Idempotency-Key`,
    ),
    reason,
  };
}

const STATUS_NAMES: Record<number, string> = { 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout' };

function answer(statusCode: 502 | 503 | 504, code: string, message: string): ErrorBody {
  return { statusCode, error: STATUS_NAMES[statusCode], code, message };
}
