// The agent's screen: one customer, everything about them, now; and their lifecycle history.
import { Controller, Get, Inject, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import {
  activeOffers,
  lifecycleAsOf,
  lifecycleProjection,
  customerSearchProjection,
  operationalViewProjection,
  withMergedHistories,
  withSlaStatus,
  type LifecycleHistory,
  type OperationalView,
} from '@ledger/projections';
import type { ReadStore } from '@ledger/read-store';
import { ApiInvalidInput, Requires } from '@ledger/http';
import { CLOCK, type Clock } from '@ledger/config';
import { LiveReadModels } from '@ledger/projection-runner';
import { FORECAST_DEFAULTS } from '@ledger/customer-value';
import { CustomerValueService } from './customer-value/customer-value.service';
import { enumParam, instantParam, intParam } from './query-params';
import { ReadYourWrites } from './read-your-writes';
import type { CustomerViewAnswer, LifecycleAnswer } from './api';
import { CustomerSearchService } from './search/customer-search.service';

@ApiTags('customers')
@Controller('customers')
@Requires('read:customer')
export class CustomerQueriesController {
  constructor(
    // Read models under their own names; the live generation's collection behind each.
    @Inject(LiveReadModels) private readonly reads: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly readYourWrites: ReadYourWrites,
    private readonly customerValue: CustomerValueService,
    private readonly search: CustomerSearchService,
  ) {}

  @Get(':customerId')
  @ApiOkResponse({
    description:
      'the customer 360: { customerId, profile, consent, openComplaints (with SLA), lastContacts, totals, pendingOffers, ' +
      'erased, mergedCustomers?, mergedInto? (the top survivor { customerId, name } of a customer merged away), … }',
  })
  @ApiInvalidInput()
  @ApiOperation({
    summary: 'Customer 360: profile, consent, open complaints with SLA status, last contacts, totals, offers',
  })
  @ApiQuery({ name: 'now', required: false, description: 'instant the SLA clocks are read at (default: now)' })
  @ApiQuery({ name: 'minPosition', required: false, description: 'wait until the view includes this global position' })
  async view(
    @Param('customerId') customerId: string,
    @Query('now') nowParam?: string,
    @Query('minPosition') minPosition?: string,
    @Query('dueSoonHours') dueSoon?: string,
  ): Promise<CustomerViewAnswer> {
    const now = instantParam('now', nowParam, () => this.clock.now());
    const dueSoonHours = intParam('dueSoonHours', dueSoon, 4, 1, 720);
    await this.readYourWrites.waitFor(minPosition, [operationalViewProjection.name], customerId);
    // `mergedInto` comes from search, which follows the merges recorded in the survivors' streams:
    // waited for as a whole collection, not for this customer's document (search skips events it
    // does not index, so in distributed mode that document's lastPosition would never get there).
    await this.readYourWrites.waitFor(minPosition, [customerSearchProjection.name]);
    const own = await this.reads.get<OperationalView>(operationalViewProjection.name, customerId);
    if (!own) throw new NotFoundException(`customer '${customerId}' is not registered`);
    const view = await this.withMerged(own);
    const annotated = withSlaStatus(view, now, dueSoonHours);
    // A customer merged away is their own record, plus where it went, so an agent is sent on.
    const mergedInto = await this.search.mergedInto(customerId);
    return { ...annotated, pendingOffers: activeOffers(view, now), ...(mergedInto ? { mergedInto } : {}), readAt: now };
  }

  /**
   * Customers merged into this one show their histories under it (CustomersMerged), at any depth:
   * a survivor merged into another brings its own merged customers along.
   */
  private async withMerged(view: OperationalView): Promise<OperationalView> {
    if (!view.mergedCustomerIds?.length) return view;
    const seen = new Set<string>([view.customerId]);
    const merged: OperationalView[] = [];
    let level = view.mergedCustomerIds.filter((id) => !seen.has(id));
    while (level.length > 0) {
      level.forEach((id) => seen.add(id));
      const found = [...(await this.reads.getMany<OperationalView>(operationalViewProjection.name, level)).values()];
      merged.push(...found);
      level = [...new Set(found.flatMap((other) => other.mergedCustomerIds ?? []))].filter((id) => !seen.has(id));
    }
    return withMergedHistories(view, merged);
  }

  @Get(':customerId/lifecycle')
  @ApiOkResponse({
    description:
      '{ customerId, asOf, stage, cumulativeValue, predictedLifetimeValue, months: [...], transitions: [...], ' +
      'fittedValue: { model (null with reason before the first fit), forecast with 80 % intervals, months: ' +
      '[{ month, at, modelId, probabilityAlive, lifetimeValue }] from the model in force at each month’s end } }',
  })
  @ApiInvalidInput()
  @ApiOperation({
    summary:
      'Per-month revenue, cumulative and predicted lifetime value, lifecycle-stage transitions, and the fitted ' +
      'customer-value forecast at asOf and per month from the model in force then',
  })
  @ApiQuery({ name: 'asOf', required: false, description: 'date or instant (default: now)' })
  @ApiQuery({ name: 'horizonWeeks', required: false, description: 'weeks ahead for purchases and spend (default 52)' })
  @ApiQuery({ name: 'lifetimeWeeks', required: false, description: 'weeks ahead for lifetime value (default 156)' })
  @ApiQuery({
    name: 'fitted',
    required: false,
    description: 'false leaves out fittedValue (the 360 header reads the stage alone; default true)',
  })
  async lifecycle(
    @Param('customerId') customerId: string,
    @Query('asOf') asOfParam?: string,
    @Query('horizonWeeks') horizonParam?: string,
    @Query('lifetimeWeeks') lifetimeParam?: string,
    @Query('fitted') fittedParam?: string,
    @Query('minPosition') minPosition?: string,
  ): Promise<LifecycleAnswer> {
    const asOf = instantParam('asOf', asOfParam, () => this.clock.now());
    const fitted = enumParam('fitted', fittedParam, ['true', 'false'] as const) !== 'false';
    const horizonWeeks = intParam('horizonWeeks', horizonParam, FORECAST_DEFAULTS.horizonWeeks, 1, 520);
    const lifetimeWeeks = intParam('lifetimeWeeks', lifetimeParam, FORECAST_DEFAULTS.lifetimeWeeks, 1, 520);
    await this.readYourWrites.waitFor(minPosition, [lifecycleProjection.name], customerId);
    const history = await this.reads.get<LifecycleHistory>(lifecycleProjection.name, customerId);
    if (!history) throw new NotFoundException(`customer '${customerId}' is not registered`);
    if (!fitted) return lifecycleAsOf(history, asOf);
    const fittedValue = await this.customerValue.lifecycleValue(history, {
      customerId,
      asOf,
      horizonWeeks,
      lifetimeWeeks,
    });
    return { ...lifecycleAsOf(history, asOf), fittedValue };
  }
}
