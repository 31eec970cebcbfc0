// Records every audit read (who, which customer, which endpoint, when) before answering it.
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { AuthenticatedRequest } from '@ledger/http';
import { CLOCK, type Clock } from '@ledger/config';
import { AccessLog } from './access-log';

export const ACCESS_LOG = Symbol('ACCESS_LOG');

@Injectable()
export class AuditAccess implements OnApplicationShutdown {
  constructor(
    @Inject(ACCESS_LOG) private readonly log: AccessLog,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Written synchronously (one fsync) before any data is returned: a read that left no trace never happened. */
  record(request: AuthenticatedRequest, endpoint: string, customerId: string | null): void {
    this.log.record({
      at: this.clock.now(),
      actor: request.principal?.actor ?? 'anonymous',
      role: request.principal?.role ?? 'none',
      endpoint,
      customerId,
    });
  }

  read(after: number, limit: number) {
    return this.log.read(after, limit);
  }

  onApplicationShutdown(): void {
    this.log.close();
  }
}
