// What an agent needs to judge a customer at a glance, with the reasons: lifecycle stage and
// churn risk from the customer's analytics document (with a merged group's combined, as the
// analysts count it: hence read from the kept population), and the purchase facts and model
// thresholds they follow from. The RFM segment and value tier are
// relative to the whole population: analysts read them from /customers and /segments.
import { Controller, Get, Inject, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CHURN_MODEL, LIFECYCLE_DAYS, customerAnalyticsProjection, customerFacts } from '@ledger/projections';
import { ApiInvalidInput, Requires } from '@ledger/http';
import { CLOCK, type Clock } from '@ledger/config';
import { PopulationService } from './population.service';
import { instantParam } from './query-params';
import { ReadYourWrites } from './read-your-writes';
import type { CustomerSignals } from './api';

@ApiTags('customers')
@Controller('customers')
@Requires('read:customer')
export class CustomerSignalsController {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly population: PopulationService,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  @Get(':customerId/signals')
  @ApiOkResponse({
    description:
      '{ customerId, asOf, lifecycleStage, churnRisk, churnScore, why, mergedInto?, mergedCustomers? }: the signals ' +
      'and the facts behind them; a survivor of a merge answers for its group, a customer merged away names mergedInto',
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
    const found = await this.population.customer(customerId, asOf);
    // A survivor answers for its merged group; a customer merged away answers for their own
    // record (as their 360 does) and names the survivor the analytics count them under.
    const mergedAway = found !== null && found.survivor !== customerId;
    const doc = found && (mergedAway ? found.own : found.counted);
    const facts = doc ? customerFacts(doc, Date.parse(asOf)) : null;
    if (!found || !facts) throw new NotFoundException(`customer '${customerId}' is not registered as of ${asOf}`);
    return {
      customerId,
      asOf,
      ...(mergedAway ? { mergedInto: found.survivor } : {}),
      ...(found.group.length > 1 && !mergedAway ? { mergedCustomers: found.group.slice(1) } : {}),
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
