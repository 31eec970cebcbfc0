// What the analysts' dashboard draws that the segment and KPI answers do not carry: the RFM
// heat map (customers per R × F cell), KPIs and revenue month by month, and every campaign's
// attribution side by side. Deterministic for a given log and asOf, like the other analytics.
import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CLOCK, CRM_CONFIG, type CrmConfig, type Clock } from '@ledger/config';
import {
  campaignsProjection,
  customerAnalyticsProjection,
  kpisProjection,
  type CampaignDoc,
  type KpisDocument,
} from '@ledger/projections';
import type { ReadStore } from '@ledger/read-store';
import { ApiInvalidInput, Requires } from '@ledger/http';
import { LiveReadModels } from '@ledger/projection-runner';
import { kpiTrend } from './kpi-trend';
import { PopulationService } from './population.service';
import { analyticalAsOfParam, explicitAsOfParam, intParam } from './query-params';
import { ReadYourWrites } from './read-your-writes';
import { rfmGrid } from './rfm-grid';
import type { CampaignsAnswer, KpiTrendAnswer, RfmGridAnswer } from './api';

@ApiTags('analytics')
@Controller()
@Requires('read:analytics')
export class DashboardQueriesController {
  constructor(
    @Inject(LiveReadModels) private readonly reads: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CRM_CONFIG) private readonly config: CrmConfig,
    private readonly population: PopulationService,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  @Get('segments/rfm-grid')
  @ApiOkResponse({
    description:
      '{ asOf, position, customers, cells: [{ r, f, customers, monetary, averageMonetary }], prospects }: the RFM heat map',
  })
  @ApiInvalidInput()
  @ApiOperation({
    summary: 'RFM heat map: customers and their net value per recency × frequency quintile cell, as of a date',
    description:
      'cells: 25 entries {r, f, customers, monetary, averageMonetary} (r, f 1..5, 5 = most recent / frequent); ' +
      'prospects: customers without a purchase. Drill into a cell with GET /customers?r=&f=.',
  })
  @ApiQuery({ name: 'asOf', required: false, description: 'date or instant (default: the current minute)' })
  async rfmGrid(@Query('asOf') asOfParam?: string, @Query('minPosition') minPosition?: string): Promise<RfmGridAnswer> {
    const asOf = explicitAsOfParam(asOfParam, this.clock);
    await this.readYourWrites.waitFor(minPosition, [customerAnalyticsProjection.name]);
    return this.population.segments(asOf, (view, position) => ({
      asOf: view.asOf,
      position,
      customers: view.customers,
      ...rfmGrid(view.list({}, { pageSize: Math.max(1, view.customers) }).items),
    }));
  }

  @Get('kpis/monthly')
  @ApiOkResponse({ description: '{ asOf, months: [{ month, revenue, nps, slaCompliance, contacts, … }], targets }' })
  @ApiInvalidInput()
  @ApiOperation({
    summary: 'Revenue and KPIs per calendar month (business time) for the months up to asOf, with the targets',
    description:
      'months: oldest first, each {month, revenue, complaintsOpened, complaintsResolved, complaintResolutionHours, ' +
      'slaCompliance, averageCsat, nps, contacts, customersRegistered}; null where nothing was measured that month.',
  })
  @ApiQuery({ name: 'asOf', required: false, description: 'date or instant (default: the current minute)' })
  @ApiQuery({ name: 'months', required: false, description: 'how many months, 1..120 (default 12)' })
  async monthly(@Query('asOf') asOfParam?: string, @Query('months') monthsParam?: string): Promise<KpiTrendAnswer> {
    const asOf = analyticalAsOfParam(asOfParam, this.clock);
    const months = intParam('months', monthsParam, 12, 1, 120);
    const doc = await this.reads.get<KpisDocument>(kpisProjection.name, 'global');
    const registrations = await this.population.registrationCorrections(asOf);
    return { ...kpiTrend(doc, asOf, months, registrations), targets: this.config.targets };
  }

  @Get('campaigns')
  @ApiOkResponse({
    description:
      '{ asOf, lookbackDays, campaigns: [{ campaignId, name, window, budget, conversionRate, roi, … }] }: every campaign',
  })
  @ApiInvalidInput()
  @ApiOperation({
    summary: 'Every launched campaign with its attribution (as GET /campaigns/:id/attribution), side by side',
  })
  @ApiQuery({ name: 'asOf', required: false, description: 'date or instant (default: the current minute)' })
  @ApiQuery({ name: 'lookbackDays', required: false, description: '1..365 (default 30)' })
  async campaigns(
    @Query('asOf') asOfParam?: string,
    @Query('lookbackDays') lookback?: string,
  ): Promise<CampaignsAnswer> {
    const asOf = analyticalAsOfParam(asOfParam, this.clock);
    const lookbackDays = intParam('lookbackDays', lookback, 30, 1, 365);
    const docs = await this.reads.find<CampaignDoc>(campaignsProjection.name);
    const launched = docs.filter((doc) => doc.launched).sort((a, b) => (a.campaignId < b.campaignId ? -1 : 1));
    const campaigns = [];
    for (const doc of launched) campaigns.push(await this.population.attribution(doc, { asOf, lookbackDays }));
    return { asOf, lookbackDays, campaigns };
  }
}
