// Time travel for auditors, replayed from the log: the operational view as of a business time
// and/or as known at a record time, what changed between two instants, and which events changed
// a field (provenance), including why a customer sits in their segment.
import { Controller, Get, Param, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ValidationFailed } from '@ledger/domain';
import { MergedPopulation } from '@ledger/analytics';
import { ApiInvalidInput, type AuthenticatedRequest, FORBIDDEN_KEYS, Requires } from '@ledger/http';
import { instantParam } from '@ledger/queries';
import { customerAnalyticsProjection, type CustomerAnalytics } from '@ledger/projections';
import { READ_STORE, type ReadStore } from '@ledger/read-store';
import { CLOCK, type Clock } from '@ledger/config';
import { Inject } from '@nestjs/common';
import { AuditAccess } from './audit-access';
import { CustomerHistory } from './customer-history';
import { diffBetween, provenanceOf, stateAt } from './replay';
import { explainSegment } from './segment-provenance';
import type { DiffAnswer, ProvenanceAnswer, StateAnswer } from './api';

const optional = (name: string, raw?: string): string | undefined =>
  raw ? instantParam(name, raw, () => '') : undefined;

@ApiTags('audit')
@Controller('audit/customers')
@Requires('read:audit')
export class TimeTravelController {
  constructor(
    private readonly history: CustomerHistory,
    private readonly access: AuditAccess,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(READ_STORE) private readonly reads: ReadStore,
  ) {}

  /** The other customers, for the relative RFM quintiles (the customer's own document is replayed). */
  private async population(): Promise<MergedPopulation> {
    const docs: CustomerAnalytics[] = [];
    for await (const page of this.reads.scan<CustomerAnalytics>(customerAnalyticsProjection.name, 5000))
      docs.push(...page);
    return new MergedPopulation(docs);
  }

  @Get(':customerId/state')
  @ApiOkResponse({
    description:
      "{ customerId, asOf, knownAt, state }: the customer's view replayed as of a business time, as known at a record time",
  })
  @ApiInvalidInput()
  @ApiOperation({ summary: 'The operational view as of business time asOf and/or as known at record time knownAt' })
  @ApiQuery({ name: 'asOf', required: false })
  @ApiQuery({ name: 'knownAt', required: false })
  async state(
    @Param('customerId') customerId: string,
    @Req() req: AuthenticatedRequest,
    @Query('asOf') asOfRaw?: string,
    @Query('knownAt') knownAtRaw?: string,
  ): Promise<StateAnswer> {
    const asOf = optional('asOf', asOfRaw);
    const knownAt = optional('knownAt', knownAtRaw);
    this.access.record(req, 'state', customerId);
    const events = await this.history.all(customerId);
    return { customerId, asOf: asOf ?? null, knownAt: knownAt ?? null, state: stateAt(events, { asOf, knownAt }) };
  }

  @Get(':customerId/diff')
  @ApiOkResponse({
    description: '{ customerId, from, to, changes: [{ field, before, after }], causedBy: [event refs] }',
  })
  @ApiInvalidInput()
  @ApiOperation({ summary: 'Field-level changes of the view between business times from and to, with their events' })
  async diff(
    @Param('customerId') customerId: string,
    @Req() req: AuthenticatedRequest,
    @Query('from') fromRaw?: string,
    @Query('to') toRaw?: string,
    @Query('knownAt') knownAtRaw?: string,
  ): Promise<DiffAnswer> {
    if (!fromRaw) throw new ValidationFailed([{ field: 'from', reason: 'from is required' }]);
    const from = instantParam('from', fromRaw, () => '');
    const to = instantParam('to', toRaw, () => this.clock.now());
    if (Date.parse(to) < Date.parse(from))
      throw new ValidationFailed([{ field: 'to', reason: 'to must not be before from' }]);
    this.access.record(req, 'diff', customerId);
    const events = await this.history.all(customerId);
    return { customerId, ...diffBetween(events, from, to, optional('knownAt', knownAtRaw)) };
  }

  @Get(':customerId/provenance')
  @ApiOkResponse({
    description:
      '{ field, value, changedBy: [event ref + before/after] }, or with segment=true { score, behind, quintiles, thresholds }',
  })
  @ApiInvalidInput()
  @ApiOperation({
    summary: 'Which events changed a field of the view (field=totals.spend), or the segment (segment=true)',
  })
  async provenance(
    @Param('customerId') customerId: string,
    @Req() req: AuthenticatedRequest,
    @Query('field') field?: string,
    @Query('segment') segment?: string,
    @Query('asOf') asOfRaw?: string,
  ): Promise<ProvenanceAnswer> {
    if (!field && segment !== 'true') {
      throw new ValidationFailed([
        { field: 'field', reason: 'name a field of the view (e.g. totals.spend) or segment=true' },
      ]);
    }
    if (field && (!/^[A-Za-z0-9_:.-]{1,100}$/.test(field) || field.split('.').some((p) => FORBIDDEN_KEYS.has(p)))) {
      throw new ValidationFailed([{ field: 'field', reason: 'field is a dotted path such as totals.spend' }]);
    }
    const asOf = optional('asOf', asOfRaw);
    this.access.record(req, segment === 'true' ? 'provenance:segment' : 'provenance', customerId);
    const events = await this.history.all(customerId);
    if (segment === 'true') {
      const at = asOf ?? this.clock.now();
      const explained = await explainSegment(events, at, await this.population(), (id) => this.history.all(id));
      return { customerId, ...explained };
    }
    return { customerId, asOf: asOf ?? null, ...provenanceOf(events, field as string, { asOf }) };
  }
}
