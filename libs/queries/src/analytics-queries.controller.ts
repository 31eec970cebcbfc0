// What analysts ask: segment definitions and counts, the customers in a segment, ad-hoc
// filters, campaign attribution and KPIs against targets. Deterministic for a given log and asOf.
import { Controller, Get, Inject, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CLOCK, CRM_CONFIG, type CrmConfig, type Clock } from '@ledger/config';
import { ValidationFailed } from '@ledger/domain';
import {
  RFM_SEGMENTS,
  SCORE_DIMENSION_VALUES,
  SCORE_SORT_FIELDS,
  SEGMENT_DEFINITIONS,
  campaignsProjection,
  computeKpis,
  customerAnalyticsProjection,
  kpisProjection,
  retentionAsOf,
  type CampaignDoc,
  type CustomerAnalytics,
  type KpisDocument,
  type ScoreFilter,
  type ScoreListOptions,
} from '@ledger/projections';
import type { ReadStore } from '@ledger/read-store';
import { Requires } from '@ledger/http';
import { LiveReadModels } from '@ledger/projection-runner';
import { PopulationService } from './population.service';
import { endOfCurrentMinute, enumParam, instantParam, intParam } from './query-params';
import { ReadYourWrites } from './read-your-writes';

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
  ) {}

  @Get('segments')
  @ApiOperation({ summary: 'Segment definitions and how many customers are in each, as of a date' })
  @ApiQuery({ name: 'asOf', required: false, description: 'date or instant (default: the current minute)' })
  async segments(@Query('asOf') asOfParam?: string, @Query('minPosition') minPosition?: string) {
    const asOf = this.explicitAsOf(asOfParam);
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
  @ApiOperation({ summary: 'Customers in an RFM segment, paged and sortable' })
  async segmentCustomers(@Param('segment') segment: string, @Query() query: Record<string, string>) {
    if (!(RFM_SEGMENTS as readonly string[]).includes(segment)) {
      throw new NotFoundException(`unknown segment '${segment}'; segments: ${RFM_SEGMENTS.join(', ')}`);
    }
    return this.list({ ...query, segment });
  }

  @Get('customers')
  @ApiOperation({ summary: 'Find customers by segment, value tier, lifecycle stage, churn risk, channel, country…' })
  async customers(@Query() query: Record<string, string>) {
    return this.list(query);
  }

  @Get('campaigns/:campaignId/attribution')
  @ApiOperation({ summary: 'Contacts and purchases in the campaign window; first- and last-touch attribution' })
  async attribution(
    @Param('campaignId') campaignId: string,
    @Query('asOf') asOfParam?: string,
    @Query('lookbackDays') lookback?: string,
  ) {
    const asOf = this.asOf(asOfParam);
    const lookbackDays = intParam('lookbackDays', lookback, 30, 1, 365);
    const campaign = await this.reads.get<CampaignDoc>(campaignsProjection.name, campaignId);
    if (!campaign) throw new NotFoundException(`campaign '${campaignId}' has not been launched`);
    return this.population.attribution(campaign, { asOf, lookbackDays });
  }

  @Get('kpis')
  @ApiOperation({ summary: 'Retention, complaint resolution, SLA compliance, CSAT/NPS, revenue against targets' })
  async kpis(@Query('asOf') asOfParam?: string) {
    const asOf = this.asOf(asOfParam);
    const doc = await this.reads.get<KpisDocument>(kpisProjection.name, 'global');
    const { docs } = await this.population.analytics();
    return computeKpis(doc, {
      asOf,
      targets: this.config.targets,
      retention: retentionAsOf(docs as CustomerAnalytics[], asOf),
    });
  }

  private async list(query: Record<string, string>) {
    const { asOf: asOfParam, minPosition, page, pageSize, sort, order, keyAccount, ...rest } = query;
    const known = ['segment', 'valueTier', 'lifecycleStage', 'churnRisk', 'channel', 'country'];
    const unknown = Object.keys(rest).filter((k) => !known.includes(k));
    if (unknown.length > 0) {
      throw new ValidationFailed(
        unknown.map((field) => ({ field, reason: `unknown filter; filters: ${known.join(', ')}, keyAccount` })),
      );
    }
    const asOf = this.explicitAsOf(asOfParam);
    const filter: ScoreFilter = {
      segment: enumParam('segment', rest['segment'], SCORE_DIMENSION_VALUES.rfmSegment),
      valueTier: enumParam('valueTier', rest['valueTier'], SCORE_DIMENSION_VALUES.valueTier),
      lifecycleStage: enumParam('lifecycleStage', rest['lifecycleStage'], SCORE_DIMENSION_VALUES.lifecycleStage),
      churnRisk: enumParam('churnRisk', rest['churnRisk'], SCORE_DIMENSION_VALUES.churnRisk),
      channel: enumParam('channel', rest['channel'], SCORE_DIMENSION_VALUES.channelAffinity),
      country: rest['country'],
      keyAccount:
        keyAccount === undefined ? undefined : enumParam('keyAccount', keyAccount, ['true', 'false']) === 'true',
    };
    const options: ScoreListOptions = {
      sort: enumParam('sort', sort, SCORE_SORT_FIELDS),
      order: enumParam('order', order, ['asc', 'desc'] as const),
      page: intParam('page', page, 1, 1, 1_000_000),
      pageSize: intParam('pageSize', pageSize, 50, 1, 1000),
    };
    await this.readYourWrites.waitFor(minPosition, [customerAnalyticsProjection.name]);
    return this.population.segments(asOf, (view) => ({ asOf: view.asOf, ...view.list(filter, options) }));
  }

  private asOf(raw: string | undefined): string {
    return instantParam('asOf', raw, () => endOfCurrentMinute(this.clock.now()));
  }

  /** The asOf asked for; undefined means the present, which the population service pins down. */
  private explicitAsOf(raw: string | undefined): string | undefined {
    return raw === undefined || raw === '' ? undefined : this.asOf(raw);
  }
}
