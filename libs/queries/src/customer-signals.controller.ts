// What an agent needs to judge a customer at a glance, with the reasons: lifecycle stage and
// churn risk from the customer's own analytics document (no population needed), and the
// purchase facts and model thresholds they follow from. The RFM segment and value tier are
// relative to the whole population: analysts read them from /customers and /segments.
import { Controller, Get, Inject, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import {
  CHURN_MODEL,
  LIFECYCLE_DAYS,
  customerAnalyticsProjection,
  customerFacts,
  type CustomerAnalytics,
} from '@ledger/projections';
import type { ReadStore } from '@ledger/read-store';
import { ApiInvalidInput, Requires } from '@ledger/http';
import { CLOCK, type Clock } from '@ledger/config';
import { LiveReadModels } from '@ledger/projection-runner';
import { instantParam } from './query-params';
import { ReadYourWrites } from './read-your-writes';
import type { CustomerSignals } from './api';

@ApiTags('customers')
@Controller('customers')
@Requires('read:customer')
export class CustomerSignalsController {
  constructor(
    @Inject(LiveReadModels) private readonly reads: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  @Get(':customerId/signals')
  @ApiOkResponse({
    description:
      '{ customerId, asOf, lifecycleStage, churnRisk, churnScore, why }: the signals and the facts behind them',
  })
  @ApiInvalidInput()
  @ApiOperation({
    summary: 'Lifecycle stage and churn risk of one customer, with the facts and thresholds behind them',
  })
  @ApiQuery({ name: 'asOf', required: false, description: 'date or instant (default: now)' })
  @ApiQuery({
    name: 'minPosition',
    required: false,
    description: 'wait until the signals include this global position',
  })
  async signals(
    @Param('customerId') customerId: string,
    @Query('asOf') asOfParam?: string,
    @Query('minPosition') minPosition?: string,
  ): Promise<CustomerSignals> {
    const asOf = instantParam('asOf', asOfParam, () => this.clock.now());
    await this.readYourWrites.waitFor(minPosition, [customerAnalyticsProjection.name], customerId);
    const doc = await this.reads.get<CustomerAnalytics>(customerAnalyticsProjection.name, customerId);
    const facts = doc ? customerFacts(doc, Date.parse(asOf)) : null;
    if (!facts) throw new NotFoundException(`customer '${customerId}' is not registered as of ${asOf}`);
    return {
      customerId,
      asOf,
      lifecycleStage: facts.lifecycleStage,
      churnRisk: facts.churnRisk,
      churnScore: facts.churnScore,
      why: {
        recencyDays: facts.recencyDays,
        frequency: facts.frequency,
        monetary: facts.monetary,
        channelAffinity: facts.channelAffinity,
        churnModel: CHURN_MODEL,
        lifecycleDays: LIFECYCLE_DAYS,
      },
    };
  }
}
