// Customer-value models over HTTP: admins fit one as of an instant (recorded as an event),
// analysts evaluate the model on a holdout, and a customer's forecast comes from the model in
// force at asOf, with the fit it came from named so it can be reproduced.
import { Controller, Get, HttpCode, Inject, NotFoundException, Param, Post, Query, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { FORECAST_DEFAULTS } from '@ledger/customer-value';
import { ValidationFailed } from '@ledger/domain';
import { ApiInvalidInput, type AuthenticatedRequest, Requires } from '@ledger/http';
import { lifecycleProjection, type LifecycleHistory } from '@ledger/projections';
import type { ReadStore } from '@ledger/read-store';
import { CLOCK, type Clock } from '@ledger/config';
import { LiveReadModels } from '@ledger/projection-runner';
import { instantParam, intParam } from '../query-params';
import { ReadYourWrites } from '../read-your-writes';
import { CustomerValueService } from './customer-value.service';
import { modelReference, NO_MODEL_REASON } from './model-stream';
import type { EvaluationAnswer, FitAnswer, FittedModelsAnswer, ValueAnswer } from '../api';

@ApiTags('customer value')
@Controller()
export class CustomerValueController {
  constructor(
    private readonly models: CustomerValueService,
    @Inject(LiveReadModels) private readonly reads: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  @Post('admin/models/customer-value/fit')
  @ApiCreatedResponse({
    description:
      '{ position, …CustomerValueModelFitted data }: the fit and where it was recorded (422 when too few repeat buyers)',
  })
  @ApiInvalidInput()
  @HttpCode(201)
  @Requires('admin')
  @ApiOperation({
    summary: 'Fit BG/NBD + Gamma-Gamma on every customer’s purchases as of asOf; records CustomerValueModelFitted',
  })
  @ApiQuery({
    name: 'asOf',
    required: false,
    description: 'data cut-off: date (end of day, UTC) or instant (default: now)',
  })
  @ApiQuery({
    name: 'minPosition',
    required: false,
    description: 'wait until the lifecycle read model includes this position',
  })
  async fit(
    @Req() req: AuthenticatedRequest,
    @Query('asOf') asOfParam?: string,
    @Query('minPosition') minPosition?: string,
  ): Promise<FitAnswer> {
    const asOf = instantParam('asOf', asOfParam, () => this.clock.now());
    await this.readYourWrites.waitFor(minPosition, [lifecycleProjection.name]);
    const correlation = req.headers['x-correlation-id'];
    const { position, event } = await this.models.fit({
      asOf,
      actor: req.principal?.actor ?? 'anonymous',
      correlationId:
        typeof correlation === 'string' && /^[A-Za-z0-9._:-]{1,128}$/.test(correlation) ? correlation : undefined,
    });
    return { position, ...event.data };
  }

  @Get('analytics/customer-value/models')
  @ApiOkResponse({ description: '{ models: [...] }: every recorded fit, in the order the fits ran' })
  @Requires('read:analytics')
  @ApiOperation({ summary: 'Every recorded CustomerValueModelFitted, in the order the fits ran' })
  async fits(): Promise<FittedModelsAnswer> {
    const fits = await this.models.fits();
    return { models: fits.map((fit) => ({ ...modelReference(fit), ...fit.data })) };
  }

  @Get('analytics/customer-value/evaluation')
  @ApiOkResponse({
    description: '{ calibrationEnd, holdoutEnd, scores against past spend and the lifecycle heuristic, stacking }',
  })
  @ApiInvalidInput()
  @Requires('read:analytics')
  @ApiOperation({
    summary:
      'Fit on purchases up to calibrationEnd, forecast each customer’s spend up to holdoutEnd and score it ' +
      '(Spearman, top-decile capture, MAE, RMSE, totals) against past spend and the lifecycle heuristic',
  })
  @ApiQuery({ name: 'calibrationEnd', required: true, description: 'date (end of day, UTC) or instant' })
  @ApiQuery({
    name: 'holdoutEnd',
    required: true,
    description: 'date (end of day, UTC) or instant, after calibrationEnd',
  })
  async evaluation(
    @Query('calibrationEnd') calibrationParam?: string,
    @Query('holdoutEnd') holdoutParam?: string,
  ): Promise<EvaluationAnswer> {
    const missing = (name: string) => {
      throw new ValidationFailed([{ field: name, reason: `${name} is required (a date or an instant)` }]);
    };
    const calibrationEnd = instantParam('calibrationEnd', calibrationParam, () => missing('calibrationEnd'));
    const holdoutEnd = instantParam('holdoutEnd', holdoutParam, () => missing('holdoutEnd'));
    if (Date.parse(holdoutEnd) <= Date.parse(calibrationEnd)) {
      throw new ValidationFailed([{ field: 'holdoutEnd', reason: 'holdoutEnd must be after calibrationEnd' }]);
    }
    const {
      calibrationEndMs: _c,
      holdoutEndMs: _h,
      stacking,
      ...evaluation
    } = await this.models.evaluate(calibrationEnd, holdoutEnd);
    return {
      calibrationEnd,
      holdoutEnd,
      ...evaluation,
      stacking: stacking && {
        weight: stacking.weight,
        backtestStart: new Date(stacking.backtestStartMs).toISOString(),
      },
    };
  }

  @Get('customers/:customerId/value')
  @ApiOkResponse({
    description:
      '{ customerId, asOf, model, forecast }: the fitted P(alive), expected purchases, spend and CLV with 80 % ' +
      'intervals; model null with the reason before the first fit; forecast null before the first purchase',
  })
  @ApiInvalidInput()
  @Requires('read:customer')
  @ApiOperation({
    summary:
      'P(alive), expected purchases and spend over a horizon and discounted lifetime value, each with an 80 % ' +
      'interval, from the customer-value model in force at asOf',
  })
  @ApiQuery({ name: 'asOf', required: false, description: 'date or instant (default: now)' })
  @ApiQuery({ name: 'horizonWeeks', required: false, description: 'weeks ahead for purchases and spend (default 52)' })
  @ApiQuery({ name: 'lifetimeWeeks', required: false, description: 'weeks ahead for lifetime value (default 156)' })
  async value(
    @Param('customerId') customerId: string,
    @Query('asOf') asOfParam?: string,
    @Query('horizonWeeks') horizonParam?: string,
    @Query('lifetimeWeeks') lifetimeParam?: string,
    @Query('minPosition') minPosition?: string,
  ): Promise<ValueAnswer> {
    const asOf = instantParam('asOf', asOfParam, () => this.clock.now());
    const horizonWeeks = intParam('horizonWeeks', horizonParam, FORECAST_DEFAULTS.horizonWeeks, 1, 520);
    const lifetimeWeeks = intParam('lifetimeWeeks', lifetimeParam, FORECAST_DEFAULTS.lifetimeWeeks, 1, 520);
    await this.readYourWrites.waitFor(minPosition, [lifecycleProjection.name], customerId);
    const history = await this.reads.get<LifecycleHistory>(lifecycleProjection.name, customerId);
    if (!history) throw new NotFoundException(`customer '${customerId}' is not registered`);
    const fit = await this.models.inForce(asOf);
    // No model yet is an answer, not an error: said in words, never as zeros.
    if (!fit) return { customerId, asOf, model: null, reason: NO_MODEL_REASON, forecast: null };
    const forecast = await this.models.forecast(fit, history, { customerId, asOf, horizonWeeks, lifetimeWeeks });
    return { customerId, asOf, model: modelReference(fit), forecast };
  }
}
