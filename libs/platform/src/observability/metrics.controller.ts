// GET /metrics for Prometheus: no key needed (like /health), and no customer data in any series.
import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Metrics } from '@ledger/http';

@ApiTags('health')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: Metrics) {}

  @Get()
  @ApiOkResponse({
    description: 'Prometheus text exposition format (text/plain): request, command, projection and store metrics',
  })
  @ApiOperation({ summary: 'Prometheus metrics (text exposition format); series listed in docs/operations.md' })
  @ApiProduces('text/plain')
  async scrape(@Res() reply: FastifyReply): Promise<void> {
    const { contentType, text } = await this.metrics.exposition();
    void reply.status(200).header('content-type', contentType).send(text);
  }
}
