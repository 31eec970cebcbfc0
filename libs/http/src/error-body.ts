// A typed error as the HTTP reply's body and status: client mistakes are 4xx with the field and
// the reason; anything unexpected a 500 that says nothing more. Its own module (entry
// `@ledger/http/error-body`) so that a batch item's outcome (libs/commands batch-items.ts) is told
// without @nestjs/common's index (rxjs and 370 modules): HttpException and HttpStatus are taken
// from their own modules, the very ones the index re-exports, so instanceof holds.
import { HttpException } from '@nestjs/common/exceptions/http.exception';
import { HttpStatus } from '@nestjs/common/enums/http-status.enum';
import { DomainError, ValidationFailed } from '@ledger/domain';
import type { ErrorBody } from './api';
import { RefusedRequest } from './refused-request';

const STATUS_BY_KIND: Record<DomainError['kind'], number> = {
  not_found: HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  rule_violation: HttpStatus.UNPROCESSABLE_ENTITY,
  validation: HttpStatus.BAD_REQUEST,
};

export function toBody(exception: unknown): ErrorBody {
  if (exception instanceof DomainError) {
    const statusCode = STATUS_BY_KIND[exception.kind];
    return {
      statusCode,
      error: HttpStatus[statusCode] ?? 'Error',
      code: exception.code,
      message: exception.message,
      ...(exception.field ? { field: exception.field } : {}),
      ...(exception instanceof ValidationFailed ? { problems: exception.problems } : {}),
    };
  }
  if (exception instanceof RefusedRequest) {
    return error(exception.statusCode, exception.code, exception.message, exception.field);
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    // Fastify refuses these while reading the body; Nest hands them on as plain HttpExceptions.
    if (status === 413)
      return error(413, 'BODY_TOO_LARGE', `request body exceeds the limit: ${exception.message}`, 'body');
    if (status === 415) {
      // The wording channels have always received for this refusal.
      const body = error(415, 'UNSUPPORTED_MEDIA_TYPE', 'send the body as application/json', 'Content-Type');
      return { ...body, error: 'Unsupported Media Type' };
    }
    const response = exception.getResponse();
    const message =
      typeof response === 'string'
        ? response
        : String((response as { message?: unknown }).message ?? exception.message);
    return error(status, codeFor(status), message);
  }
  // A client error raised below Nest, e.g. by @fastify/send serving the console's files: an
  // If-Match or If-Unmodified-Since the file does not meet is a 412, an unsatisfiable Range a 416.
  const clientStatus = clientErrorStatus(exception);
  if (clientStatus !== null) return error(clientStatus, codeFor(clientStatus), (exception as Error).message);
  return error(500, 'INTERNAL_ERROR', 'internal error; it has been logged');
}

/** The 4xx status of an http-errors style error meant for the client (`expose`), or null. */
function clientErrorStatus(exception: unknown): number | null {
  if (!(exception instanceof Error)) return null;
  const { status, statusCode, expose } = exception as Error & {
    status?: unknown;
    statusCode?: unknown;
    expose?: unknown;
  };
  const code = typeof statusCode === 'number' ? statusCode : status;
  return expose === true && typeof code === 'number' && Number.isInteger(code) && code >= 400 && code < 500
    ? code
    : null;
}

function error(statusCode: number, code: string, message: string, field?: string): ErrorBody {
  return { statusCode, error: HttpStatus[statusCode] ?? 'Error', code, message, ...(field ? { field } : {}) };
}

function codeFor(status: number): string {
  switch (status) {
    case 401:
      return 'UNAUTHENTICATED';
    case 403:
      return 'FORBIDDEN';
    case 404:
      return 'NOT_FOUND';
    case 412:
      return 'PRECONDITION_FAILED';
    case 503:
      return 'NOT_CAUGHT_UP';
    default:
      return status >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST';
  }
}
