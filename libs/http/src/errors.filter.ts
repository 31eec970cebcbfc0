// The one place where errors become HTTP responses. Client mistakes are 4xx with the
// field and the reason; anything unexpected is a 500 that is logged, never leaked. The mapping
// itself is toBody (error-body.ts), which the embedded importer uses without NestJS.
import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { toBody } from './error-body';

export type { ErrorBody } from './api';
export { toBody } from './error-body';

@Catch()
export class ErrorsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const body = toBody(exception);
    if (body.statusCode === 500) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    // A stream that fails half-way has already sent its status: all that is left is to cut it off.
    if (reply.sent) return void reply.raw.destroy();
    void reply.status(body.statusCode).type('application/json; charset=utf-8').send(body);
  }
}
