// The one place where errors become HTTP responses. Client mistakes are 4xx with the
// field and the reason; anything unexpected is a 500 that is logged, never leaked.
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { DomainError, ValidationFailed, type FieldProblem } from '@ledger/domain';

export interface ErrorBody {
  statusCode: number;
  error: string;
  code: string;
  message: string;
  field?: string;
  problems?: FieldProblem[];
}

const STATUS_BY_KIND: Record<DomainError['kind'], number> = {
  not_found: HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  rule_violation: HttpStatus.UNPROCESSABLE_ENTITY,
  validation: HttpStatus.BAD_REQUEST,
};

/** Raised by the validation pipe and by controllers for malformed input. */
export class InvalidInput extends ValidationFailed {}

@Catch()
export class ErrorsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const body = toBody(exception);
    if (body.statusCode === 500) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    response.status(body.statusCode).json(body);
  }
}

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
  const bodyParserError = exception as { type?: string; status?: number; message?: string };
  if (bodyParserError?.type === 'entity.too.large') {
    return error(413, 'BODY_TOO_LARGE', `request body exceeds the limit: ${bodyParserError.message}`, 'body');
  }
  if (bodyParserError?.type === 'entity.parse.failed') {
    return error(400, 'MALFORMED_JSON', 'request body is not valid JSON', 'body');
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    // Nest turns the body parser's SyntaxError into a plain BadRequestException before any filter sees it.
    if (status === 400 && exception.constructor.name === 'BadRequestException' && /JSON/.test(exception.message)) {
      return error(400, 'MALFORMED_JSON', `request body is not valid JSON: ${exception.message}`, 'body');
    }
    const response = exception.getResponse();
    const message =
      typeof response === 'string'
        ? response
        : String((response as { message?: unknown }).message ?? exception.message);
    return error(status, codeFor(status), message);
  }
  return error(500, 'INTERNAL_ERROR', 'internal error; it has been logged');
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
    case 413:
      return 'BODY_TOO_LARGE';
    case 415:
      return 'UNSUPPORTED_MEDIA_TYPE';
    case 503:
      return 'NOT_CAUGHT_UP';
    default:
      return status >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST';
  }
}
