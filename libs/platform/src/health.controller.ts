// Liveness for load balancers and scripts: no key needed, no customer data.
import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { EventStore } from '@ledger/event-store';
import { EVENT_STORE } from './tokens';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Get()
  async health() {
    return { status: 'ok', eventLogHead: await this.store.headPosition() };
  }
}
