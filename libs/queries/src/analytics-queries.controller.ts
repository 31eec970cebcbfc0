// What analysts ask: segment definitions and counts, the customers in a segment, ad-hoc
// filters, campaign attribution and KPIs against targets. Deterministic for a given log and asOf.
import { Controller, Get, Inject, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CLOCK, CRM_CONFIG, type CrmConfig, type Clock } from '@ledger/config';
import { ValidationFailed } from '@ledger/domain';
import {
  ATTRIBUTION_MODELS,
  LIFECYCLE_STAGES,
  RFM_SEGMENTS,
  SEGMENT_DEFINITIONS,
  campaignsProjection,
  compareCampaigns,
  computeKpis,
  customerAnalyticsProjection,
  kpisProjection,
  retentionAsOf,
  type CampaignDoc,
  type CustomerAnalytics,
  type KpisDocument,
  type LifecycleStage,
  type RfmSegment,
} from '@ledger/projections';
import type { ReadStore } from '@ledger/read-store';
import { ApiInvalidInput, Requires } from '@ledger/http';
import { LiveReadModels } from '@ledger/projection-runner';
import { CustomerValueService } from './customer-value/customer-value.service';
import { ApiForecastQueries, withForecasts } from './customer-value/list-forecasts';
import { customerListQuery } from './customer-list-query';
import { PopulationService } from './population.service';
import {
  analyticalAsOfParam,
  enumParam,
  explicitAsOfParam,
  instantParam,
  intParam,
  rejectUnknownParams,
} from './query-params';
import { HISTORY_STEPS, historyInstants } from './segment-history-steps';
import { ReadYourWrites } from './read-your-writes';
import type { CustomerForecastPage, CustomerPage, KpisAnswer, SegmentHistoryAnswer, SegmentsAnswer } from './api';
import { ApiListWindowQueries, customersMatching, narrowedList, needsDocuments } from './list-narrowing';

@ApiTags('analytics')
@Controller()
@Requires('read:analytics')
export class AnalyticsQueriesController {
  constructor(
    // Read models under their own names; the live generation's collection behind each.
    @Inject(LiveReadModels) private readonly reads: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CRM_CONFIG) private readonly config: CrmConfig,
    private readonly population: PopulationService,
    private readonly readYourWrites: ReadYourWrites,
    private readonly customerValue: CustomerValueService,
  ) {}

  @Get('segments')
  @ApiOkResponse({
    description: '{ asOf, position, customers, definitions: [{ name, description, rule }], counts }',
  })
  @ApiInvalidInput()
  @ApiOperation({ summary: 'Segment definitions and how many customers are in each, as of a date' })
  @ApiQuery({ name: 'asOf', required: false, description: 'date or instant (default: the current minute)' })
  async segments(
    @Query('asOf') asOfParam?: string,
    @Query('minPosition') minPosition?: string,
  ): Promise<SegmentsAnswer> {
    const asOf = explicitAsOfParam(asOfParam, this.clock);
    await this.readYourWrites.waitFor(minPosition, [customerAnalyticsProjection.name]);
    return this.population.segments(asOf, (view, position) => ({
      asOf: view.asOf,
      position,
      customers: view.customers,
      definitions: SEGMENT_DEFINITIONS,
      counts: {
        rfmSegment: view.counts('rfmSegment'),
        valueTier: view.counts('valueTier'),
        lifecycleStage: view.counts('lifecycleStage'),
        churnRisk: view.counts('churnRisk'),
        channelAffinity: view.counts('channelAffinity'),
      },
    }));
  }

  @Get('segments/:segment/customers')
  @ApiOkResponse({
    description:
      '{ asOf, total, offset, page, pageSize, items: [customer scores] }: offset/limit paging (page/pageSize also taken)',
  })
  @ApiInvalidInput()
  @ApiOperation({ summary: 'Customers in an RFM segment, paged and sortable' })
  @ApiForecastQueries()
  @ApiListWindowQueries()
  async segmentCustomers(
    @Param('segment') segment: string,
    @Query() query: Record<string, string>,
  ): Promise<CustomerPage | CustomerForecastPage> {
    if (!(RFM_SEGMENTS as readonly string[]).includes(segment)) {
      throw new NotFoundException(`unknown segment '${segment}'; segments: ${RFM_SEGMENTS.join(', ')}`);
    }
    return this.list({ ...query, segment });
  }

  @Get('segments/:segment/history')
  @ApiOkResponse({
    description:
      '{ segment, dimension, from, to, step, points: [{ at, members, entered, exited }] }: as computed at each step',
  })
  @ApiInvalidInput()
  @ApiOperation({
    summary: 'Members of a segment (or lifecycle stage) at each week or month, and who entered and left (backtest)',
  })
  @ApiQuery({ name: 'from', required: false, description: 'date or instant (default: 12 months before to)' })
  @ApiQuery({ name: 'to', required: false, description: 'date or instant (default: the current minute)' })
  @ApiQuery({ name: 'step', required: false, enum: HISTORY_STEPS, description: 'default month' })
  @ApiQuery({
    name: 'dimension',
    required: false,
    enum: ['rfmSegment', 'lifecycleStage'],
    description: 'default rfmSegment',
  })
  async segmentHistory(
    @Param('segment') segment: string,
    @Query() query: Record<string, string>,
  ): Promise<SegmentHistoryAnswer> {
    rejectUnknownParams(query, ['from', 'to', 'step', 'dimension', 'minPosition']);
    const { from, to, step, dimension, minPosition } = query;
    const kind = enumParam('dimension', dimension, ['rfmSegment', 'lifecycleStage'] as const) ?? 'rfmSegment';
    const values: readonly string[] = kind === 'rfmSegment' ? RFM_SEGMENTS : LIFECYCLE_STAGES;
    if (!values.includes(segment)) {
      throw new NotFoundException(
        `unknown ${kind === 'rfmSegment' ? 'segment' : 'lifecycle stage'} '${segment}'; one of: ${values.join(', ')}`,
      );
    }
    const stepSize = enumParam('step', step, HISTORY_STEPS) ?? 'month';
    const until = analyticalAsOfParam(to, this.clock);
    const since = instantParam('from', from, () => {
      const d = new Date(until);
      d.setUTCFullYear(d.getUTCFullYear() - 1);
      return d.toISOString();
    });
    const instants = historyInstants(since, until, stepSize);
    await this.readYourWrites.waitFor(minPosition, [customerAnalyticsProjection.name]);
    const points = await this.population.history(kind, segment as RfmSegment & LifecycleStage, instants);
    return { segment, dimension: kind, from: since, to: until, step: stepSize, points };
  }

  @Get('customers')
  @ApiOkResponse({
    description:
      '{ asOf, total, offset, page, pageSize, items: [customer scores] }: offset/limit paging (page/pageSize also taken)',
  })
  @ApiInvalidInput()
  @ApiOperation({
    summary: 'Find customers by segment, value tier, lifecycle stage, churn risk, channel, country…',
    description:
      'Drill-down filters: r and f (RFM quintiles 1..5, a heat-map cell), campaign (customers the campaign ' +
      'touched or whose purchase named it), purchasedIn and activeIn (a month, 2026-10: a purchase or return, ' +
      'or any purchase, return, contact, complaint or feedback, in that month).',
  })
  @ApiForecastQueries()
  @ApiListWindowQueries()
  async customers(@Query() query: Record<string, string>): Promise<CustomerPage | CustomerForecastPage> {
    return this.list(query);
  }

  @Get('campaigns/attribution')
  @ApiOkResponse({
    description:
      '{ model, asOf, lookbackDays, halfLifeDays, purchases, attributed, unattributed, campaigns: [{ campaignId, creditedRevenue, creditedPurchases, roi, … }], otherCampaigns }',
  })
  @ApiInvalidInput()
  @ApiOperation({
    summary: 'Campaigns side by side under a multi-touch model (credited revenue sums to attributed revenue exactly)',
  })
  @ApiQuery({ name: 'model', required: false, enum: ATTRIBUTION_MODELS, description: 'default linear' })
  @ApiQuery({ name: 'campaigns', required: false, description: 'campaign ids, comma-separated (default: every one)' })
  @ApiQuery({ name: 'asOf', required: false, description: 'date or instant (default: the current minute)' })
  @ApiQuery({ name: 'lookbackDays', required: false, description: '1-365, default 30' })
  @ApiQuery({ name: 'halfLifeDays', required: false, description: 'time_decay: 1-365, default 7' })
  async compareAttribution(@Query() query: Record<string, string>) {
    rejectUnknownParams(query, ['model', 'campaigns', 'asOf', 'lookbackDays', 'halfLifeDays', 'minPosition']);
    const { model, campaigns: ids, asOf, lookbackDays, halfLifeDays, minPosition } = query;
    const options = {
      model: enumParam('model', model, ATTRIBUTION_MODELS) ?? 'linear',
      asOf: analyticalAsOfParam(asOf, this.clock),
      lookbackDays: intParam('lookbackDays', lookbackDays, 30, 1, 365),
      halfLifeDays: intParam('halfLifeDays', halfLifeDays, 7, 1, 365),
    };
    await this.readYourWrites.waitFor(minPosition, [customerAnalyticsProjection.name, campaignsProjection.name]);
    const campaigns = await this.campaignsAsked(ids);
    return compareCampaigns(await this.population.multiTouch(options), campaigns);
  }

  @Get('campaigns/:campaignId/attribution')
  @ApiOkResponse({
    description:
      '{ campaignId, name, channel, window, asOf, lookbackDays, budget, currency, touchesByChannel, contactsAfterTouch, firstTouch, lastTouch, … }',
  })
  @ApiInvalidInput()
  @ApiOperation({ summary: 'Contacts and purchases in the campaign window; first- and last-touch attribution' })
  async attribution(
    @Param('campaignId') campaignId: string,
    @Query('asOf') asOfParam?: string,
    @Query('lookbackDays') lookback?: string,
  ) {
    const asOf = analyticalAsOfParam(asOfParam, this.clock);
    const lookbackDays = intParam('lookbackDays', lookback, 30, 1, 365);
    const campaign = await this.reads.get<CampaignDoc>(campaignsProjection.name, campaignId);
    if (!campaign) throw new NotFoundException(`campaign '${campaignId}' has not been launched`);
    return this.population.attribution(campaign, { asOf, lookbackDays });
  }

  @Get('kpis')
  @ApiOkResponse({
    description:
      '{ asOf, complaintResolutionHours, slaCompliance, averageCsat, nps, revenue, retentionRate, targets: [...] }',
  })
  @ApiInvalidInput()
  @ApiOperation({ summary: 'Retention, complaint resolution, SLA compliance, CSAT/NPS, revenue against targets' })
  async kpis(@Query('asOf') asOfParam?: string, @Query('minPosition') minPosition?: string): Promise<KpisAnswer> {
    const asOf = analyticalAsOfParam(asOfParam, this.clock);
    await this.readYourWrites.waitFor(minPosition, [kpisProjection.name, customerAnalyticsProjection.name]);
    const doc = await this.reads.get<KpisDocument>(kpisProjection.name, 'global');
    const { docs } = await this.population.analytics(asOf);
    return computeKpis(doc, {
      asOf,
      targets: this.config.targets,
      retention: retentionAsOf(docs as CustomerAnalytics[], asOf),
    });
  }

  private async list(query: Record<string, string>): Promise<CustomerPage | CustomerForecastPage> {
    const { asOf, minPosition, filter, options, forecasts, narrowing } = customerListQuery(query, this.clock);
    await this.readYourWrites.waitFor(minPosition, [customerAnalyticsProjection.name]);
    const customers = needsDocuments(narrowing)
      ? customersMatching((await this.population.analytics(asOf)).docs, narrowing)
      : undefined;
    const list = await this.population.segments(asOf, (view) => ({
      asOf: view.asOf,
      ...narrowedList(view, filter, options, narrowing, customers),
    }));
    return forecasts ? withForecasts(list, list.asOf, forecasts, this.reads, this.customerValue) : list;
  }

  /** The launched campaigns named in `campaigns` (in that order), or every launched one by id. */
  private async campaignsAsked(raw: string | undefined): Promise<CampaignDoc[]> {
    if (raw === undefined || raw === '') {
      const all = await this.reads.find<CampaignDoc>(campaignsProjection.name);
      return all.filter((c) => c.startsAt !== null).sort((a, b) => (a.campaignId < b.campaignId ? -1 : 1));
    }
    const ids = raw.split(',');
    if (
      ids.length > 50 ||
      ids.some((id) => !/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/.test(id)) ||
      new Set(ids).size < ids.length
    ) {
      throw new ValidationFailed([
        { field: 'campaigns', reason: 'campaigns must be up to 50 distinct campaign ids, comma-separated' },
      ]);
    }
    const found = await this.reads.getMany<CampaignDoc>(campaignsProjection.name, ids);
    const missing = ids.filter((id) => !found.get(id)?.startsAt);
    if (missing.length > 0) {
      throw new ValidationFailed([{ field: 'campaigns', reason: `not launched: ${missing.join(', ')}` }]);
    }
    return ids.map((id) => found.get(id) as CampaignDoc);
  }
}
