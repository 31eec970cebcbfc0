// Liveness and readiness for load balancers and orchestrators: no key needed, no customer data.
// /health (kept for scripts) and /health/live answer while the process runs; /health/ready
// answers 503 unless the event store, the read store, Kafka (when configured) and every registered
// part (projections) are fine.
import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import { Readiness, type ReadinessReport } from '@ledger/http';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly readiness: Readiness,
  ) {}

  @Get()
  @ApiOkResponse({
    description: '{ status, eventLogHead }: the process answers and the global log head',
  })
  @ApiOperation({ summary: 'Liveness with the event log head' })
  async health() {
    return { status: 'ok', eventLogHead: await this.store.headPosition() };
  }

  @Get('live')
  @ApiOkResponse({ description: '{ status } while the process answers' })
  @ApiOperation({ summary: 'Liveness: 200 while the process runs' })
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOkResponse({
    description:
      '{ status, ready, checks: [{ name, ok, detail }] }: 200 when stores and read models are fine (503 otherwise, same body)',
  })
  @ApiOperation({
    summary:
      'Readiness: 200 when the event store, read store, Kafka (when configured) and every projection are fine, else 503',
  })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<ReadinessReport & { status: string }> {
    const report = await this.readiness.report();
    void reply.status(report.ready ? 200 : 503);
    return { status: report.ready ? 'ready' : 'not_ready', ...report };
  }
}
