// Structured logs: one JSON object per line (pino), at the level CRM_LOG_LEVEL names. Nest's own
// logger calls (every `new Logger(context)` in the features) are routed here, so the whole
// process writes one format. Lines carry ids only (request, correlation, customer), never the
// body of a request: names, emails and the like stay out of the logs.
import type { LoggerService } from '@nestjs/common';
import pino, { type DestinationStream, type Logger } from 'pino';
import type { CrmConfig } from '@ledger/config';

export type JsonLogger = Logger;

/** A pino logger at the configured level; `destination` defaults to standard output. */
export function createJsonLogger(
  level: CrmConfig['logLevel'],
  service: string,
  destination?: DestinationStream,
): JsonLogger {
  const options = {
    level,
    base: { service, pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    // `level: "info"` rather than pino's numbers: what people grep for and log shippers map.
    formatters: { level: (label: string) => ({ level: label }) },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** Nest's LoggerService on a pino logger: the context becomes a field, an error's stack another. */
export class NestJsonLogger implements LoggerService {
  constructor(readonly pino: JsonLogger) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }

  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }

  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }

  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }

  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  /** Nest calls error(message, stack?, context?); the context is always last. */
  error(message: unknown, ...rest: unknown[]): void {
    if (!this.pino.isLevelEnabled('error')) return;
    const context = rest.length > 0 && typeof rest[rest.length - 1] === 'string' ? rest.pop() : undefined;
    const stack = rest.find((item) => typeof item === 'string');
    const fields: Record<string, unknown> = { context };
    if (message instanceof Error) {
      fields['err'] = message;
      this.pino.error(fields, message.message);
      return;
    }
    if (stack) fields['stack'] = stack;
    this.pino.error(fields, text(message));
  }

  private write(level: 'info' | 'warn' | 'debug' | 'trace' | 'fatal', message: unknown, rest: unknown[]): void {
    if (!this.pino.isLevelEnabled(level)) return;
    const context = typeof rest[rest.length - 1] === 'string' ? rest[rest.length - 1] : undefined;
    if (message !== null && typeof message === 'object' && !(message instanceof Error)) {
      this.pino[level]({ context, ...(message as object) });
    } else {
      this.pino[level]({ context }, text(message));
    }
  }
}

function text(message: unknown): string {
  return message instanceof Error ? (message.stack ?? message.message) : String(message);
}
