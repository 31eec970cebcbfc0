// Admins subscribe other systems to derived events, see what was derived and what could not be
// delivered. Subscriptions and the outbox live in the derived store, never in the event log.
import { Body, Controller, Delete, Get, HttpCode, Inject, NotFoundException, Param, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  MaxLength,
} from 'class-validator';
import { randomBytes, randomUUID } from 'node:crypto';
import { ApiInvalidInput, Requires } from '@ledger/http';
import { CLOCK, type Clock } from '@ledger/config';
import { intParam } from '@ledger/queries';
import { DerivedEventsService } from './derived-events.service';
import type { DeadLettersAnswer, ListedSubscription, WebhooksAnswer, WebhookSubscription } from './api';
import { DERIVED_EVENT_TYPES, type DerivedEventType } from './membership-changes';

export class CreateWebhookDto {
  @ApiProperty({ example: 'https://example.com/hooks/ledger', description: 'http or https' })
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false })
  @MaxLength(2048)
  url!: string;

  @ApiProperty({ enum: DERIVED_EVENT_TYPES, isArray: true })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(DERIVED_EVENT_TYPES.length)
  @ArrayUnique()
  @IsIn(DERIVED_EVENT_TYPES, { each: true })
  eventTypes!: DerivedEventType[];

  @ApiPropertyOptional({ description: 'HMAC-SHA-256 key, 16-256 characters (default: generated, shown once)' })
  @IsOptional()
  @IsString()
  @Length(16, 256)
  secret?: string;
}

/** A subscription as listed: the secret is shown only when it is created. */
const listed = ({ secret: _secret, ...rest }: WebhookSubscription): ListedSubscription => rest;

@ApiTags('admin')
@Controller('admin')
@Requires('admin')
export class WebhooksController {
  constructor(
    private readonly derived: DerivedEventsService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post('webhooks')
  @ApiCreatedResponse({
    description: '{ id, url, eventTypes, secret, createdAt }: the subscription; the signing secret is shown only here',
  })
  @ApiInvalidInput()
  @HttpCode(201)
  @ApiOperation({ summary: 'Subscribe a URL to derived event types; payloads are signed with the returned secret' })
  create(@Body() body: CreateWebhookDto): WebhookSubscription {
    const subscription: WebhookSubscription = {
      id: randomUUID(),
      url: body.url,
      eventTypes: body.eventTypes,
      secret: body.secret ?? randomBytes(32).toString('base64url'),
      createdAt: this.clock.now(),
    };
    this.derived.store.addSubscription(subscription);
    return subscription;
  }

  @Get('webhooks')
  @ApiOkResponse({
    description:
      '{ subscriptions: [{ id, url, eventTypes, createdAt }], deliveries }: subscriptions (without secrets) and delivery counts',
  })
  @ApiOperation({ summary: 'Webhook subscriptions (without secrets) and deliveries by status' })
  list(): WebhooksAnswer {
    return {
      subscriptions: this.derived.store.subscriptions().map(listed),
      deliveries: this.derived.store.outbox.deliveryCounts(),
    };
  }

  @Get('webhooks/dead-letters')
  @ApiOkResponse({
    description: '{ deadLetters: [...] }: deliveries that failed every attempt (limit)',
  })
  @ApiInvalidInput()
  @ApiOperation({ summary: 'Deliveries that failed every attempt, newest first' })
  @ApiQuery({ name: 'limit', required: false, description: '1-1000, default 100' })
  deadLetters(@Query('limit') limit?: string): DeadLettersAnswer {
    return { deadLetters: this.derived.store.outbox.deadLetters(intParam('limit', limit, 100, 1, 1000)) };
  }

  @Post('webhooks/dead-letters/:deliveryId/redeliver')
  @ApiAcceptedResponse({ description: '{ deliveryId, status: "pending" }: queued for another delivery' })
  @HttpCode(202)
  @ApiOperation({ summary: 'Queue a dead letter again (same delivery id), e.g. once the receiver is fixed' })
  redeliver(@Param('deliveryId') deliveryId: string) {
    const now = this.clock.now();
    if (!this.derived.store.outbox.redeliver(deliveryId, Date.parse(now), now)) {
      throw new NotFoundException(`no dead letter '${deliveryId}' of a subscription that still exists`);
    }
    void this.derived.deliver().catch(() => undefined);
    return { deliveryId, status: 'pending' };
  }

  @Delete('webhooks/:id')
  @ApiNoContentResponse({ description: 'deleted: no body' })
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a subscription; its undelivered deliveries are dropped, dead letters kept' })
  remove(@Param('id') id: string): void {
    if (!this.derived.store.removeSubscription(id)) throw new NotFoundException(`no webhook subscription '${id}'`);
  }

  @Get('derived-events')
  @ApiOkResponse({
    description:
      '{ head, derivedEvents: [...] }: derived segment and lifecycle events in order, paged by `after` and `limit`',
  })
  @ApiInvalidInput()
  @ApiOperation({ summary: 'Derived events (segment and lifecycle entered/left) in order, from their own store' })
  @ApiQuery({ name: 'after', required: false, description: 'position to read after (default 0)' })
  @ApiQuery({ name: 'limit', required: false, description: '1-1000, default 100' })
  events(@Query('after') after?: string, @Query('limit') limit?: string) {
    const from = intParam('after', after, 0, 0, Number.MAX_SAFE_INTEGER);
    return {
      head: this.derived.store.head(),
      derivedEvents: this.derived.store.read(from, intParam('limit', limit, 100, 1, 1000)),
    };
  }

  @Post('segment-events/evaluate')
  @ApiOkResponse({
    description: '{ evaluatedAt, appended, head }: how many segment and stage events this evaluation appended',
  })
  @HttpCode(200)
  @ApiOperation({ summary: 'Evaluate segments and lifecycle stages now (the scheduler does it on its own too)' })
  evaluate() {
    return this.derived.evaluate(this.clock.now());
  }
}
