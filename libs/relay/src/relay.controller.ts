// Administrators see how far the relay has published the event log.
import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Requires } from '@ledger/http';
import { Relay } from './relay';

@ApiTags('admin')
@Controller('admin/relay')
@Requires('admin')
export class RelayController {
  constructor(private readonly relay: Relay) {}

  @Get()
  @ApiOperation({ summary: 'The relay checkpoint: the last global position acknowledged by Kafka' })
  status() {
    return this.relay.status();
  }
}
