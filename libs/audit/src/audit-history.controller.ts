// The auditor's view of one customer's log: every event with its metadata (paged, filtered,
// or streamed whole as NDJSON/CSV in constant memory) and the verification of its hash chain.
import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Readable } from 'node:stream';
import { EVENT_TYPES, UnknownCustomer, ValidationFailed } from '@ledger/domain';
import { ApiInvalidInput, type AuthenticatedRequest, Requires } from '@ledger/http';
import { enumParam, instantParam, intParam } from '@ledger/queries';
import { AuditAccess } from './audit-access';
import { CSV_HEADER, auditRow, csvLine, matches, type AuditRow, type EventFilter } from './audit-rows';
import { CustomerHistory } from './customer-history';
import type { EventsPage, VerificationReport } from './api';

const optionalInstant = (name: string, raw?: string): number | undefined =>
  raw ? Date.parse(instantParam(name, raw, () => '')) : undefined;

function typesParam(raw?: string): Set<string> | undefined {
  if (!raw) return undefined;
  const types = raw.split(',').map((t) => t.trim());
  const unknown = types.filter((t) => !(EVENT_TYPES as string[]).includes(t));
  if (unknown.length > 0) {
    throw new ValidationFailed([{ field: 'type', reason: `unknown event type(s): ${unknown.join(', ')}` }]);
  }
  return new Set(types);
}

@ApiTags('audit')
@Controller('audit/customers')
@Requires('read:audit')
export class AuditHistoryController {
  constructor(
    private readonly history: CustomerHistory,
    private readonly access: AuditAccess,
  ) {}

  @Get(':customerId/verify')
  @ApiOkResponse({
    description: '{ streamId, verified, intact, lastHash, firstBrokenLink }: the hash chain checked event by event',
  })
  @ApiOperation({ summary: "Verify the customer's hash chain; reports the first broken link" })
  async verify(@Param('customerId') customerId: string, @Req() req: AuthenticatedRequest): Promise<VerificationReport> {
    this.access.record(req, 'verify', customerId);
    return this.history.verify(customerId);
  }

  @Get(':customerId/events')
  @ApiOkResponse({
    description:
      '{ customerId, fromRevision, limit, events: [...], nextRevision } as JSON; format=ndjson streams one event per line, format=csv a CSV file',
  })
  @ApiInvalidInput()
  @ApiOperation({
    summary: 'Every event with who, channel, business/record time, position, hash; JSON page, NDJSON or CSV',
  })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'ndjson', 'csv'] })
  @ApiQuery({ name: 'type', required: false, description: 'comma-separated event types' })
  async events(
    @Param('customerId') customerId: string,
    @Req() req: AuthenticatedRequest,
    @Res() res: FastifyReply,
    @Query() query: Record<string, string | undefined>,
  ) {
    const format = enumParam('format', query['format'], ['json', 'ndjson', 'csv'] as const) ?? 'json';
    const filter: EventFilter = {
      types: typesParam(query['type']),
      from: optionalInstant('from', query['from']),
      to: optionalInstant('to', query['to']),
      recordedFrom: optionalInstant('recordedFrom', query['recordedFrom']),
      recordedTo: optionalInstant('recordedTo', query['recordedTo']),
    };
    const fromRevision = intParam('fromRevision', query['fromRevision'], 0, 0, Number.MAX_SAFE_INTEGER);
    const limit = intParam('limit', query['limit'], 100, 1, 1000);
    this.access.record(req, `events:${format}`, customerId);
    // The response is written by hand: streamed formats must not be buffered by Nest.
    if (format === 'json') void res.send(await this.page(customerId, filter, fromRevision, limit));
    else await this.stream(customerId, filter, format, res);
  }

  private async page(
    customerId: string,
    filter: EventFilter,
    fromRevision: number,
    limit: number,
  ): Promise<EventsPage> {
    const events: AuditRow[] = [];
    let nextRevision: number | null = null;
    let seen = 0;
    for await (const event of this.history.events(customerId, fromRevision)) {
      seen++;
      if (events.length === limit) {
        nextRevision = event.revision;
        break;
      }
      if (matches(event, filter)) events.push(auditRow(event));
    }
    if (seen === 0 && fromRevision === 0) throw new UnknownCustomer(customerId);
    return { customerId, fromRevision, limit, events, nextRevision };
  }

  /** Writes as it reads (the stream is pulled as the socket drains), so memory stays flat for any history size. */
  private async stream(customerId: string, filter: EventFilter, format: 'ndjson' | 'csv', res: FastifyReply) {
    const events = this.history.events(customerId);
    const first = await events.next();
    if (first.done) throw new UnknownCustomer(customerId);
    async function* lines() {
      if (format === 'csv') yield CSV_HEADER;
      for (let next = first; !next.done; next = await events.next()) {
        if (!matches(next.value, filter)) continue;
        const row = auditRow(next.value);
        yield format === 'csv' ? csvLine(row) : `${JSON.stringify(row)}\n`;
      }
    }
    void res
      .status(200)
      .header('Content-Type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson')
      .header('Content-Disposition', `attachment; filename="customer-${customerId}-events.${format}"`)
      .send(Readable.from(lines()));
  }
}
