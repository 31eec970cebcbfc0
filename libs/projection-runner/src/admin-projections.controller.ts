// Administrators see how far each read model has got and rebuild one from the event store.
import { ConflictException, Controller, Get, HttpCode, Inject, NotFoundException, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { EventStore } from '@ledger/event-store';
import { Requires } from '@ledger/http';
import { EVENT_STORE } from '@ledger/platform';
import { KafkaProjectionRunner } from './kafka-projection-runner';
import { ProjectionRunner } from './projection-runner';
import { consumerGroupOf, findProjection, publicName } from './projections.catalogue';

@ApiTags('admin')
@Controller('admin/projections')
@Requires('admin')
export class AdminProjectionsController {
  constructor(
    private readonly runner: ProjectionRunner,
    private readonly kafka: KafkaProjectionRunner,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Read models with their position in the event log and any rebuild in progress' })
  async status() {
    if (this.kafka.active) return this.distributedStatus();
    const head = await this.store.headPosition();
    return {
      eventLogHead: head,
      readModels: this.runner.projections().map((projection) => {
        const checkpoint = this.runner.checkpoint(projection.name);
        return {
          name: publicName(projection),
          version: projection.version,
          checkpoint,
          eventsBehind: Math.max(0, head - checkpoint),
          rebuild: this.runner.rebuildProgress(projection.name) ?? null,
        };
      }),
    };
  }

  /** Distributed mode: consumer lag per read model (records its group has not committed yet). */
  private async distributedStatus() {
    const head = await this.store.headPosition();
    const readModels = await Promise.all(
      this.runner.projections().map(async (projection) => ({
        name: publicName(projection),
        version: projection.version,
        ...this.kafka.consumer(projection.name),
        // Kafka unreachable: the status still answers, with the lag unknown.
        consumerLag: await this.kafka.lag(projection.name).catch(() => null),
      })),
    );
    return { eventLogHead: head, mode: 'kafka', readModels };
  }

  @Post(':name/rebuild')
  @HttpCode(202)
  @ApiOperation({ summary: 'Rebuild a read model from the event log into a fresh copy, then swap' })
  rebuild(@Param('name') name: string) {
    const projection = this.find(name);
    if (this.kafka.active) {
      // The live copy is written by a consumer group this process cannot pause around the swap.
      throw new ConflictException(
        `rebuilding ${publicName(projection)} in distributed mode: stop its projection services, drop the collection and reset group ${this.kafka.consumer(projection.name)?.groupId ?? consumerGroupOf(projection)} to the earliest offset`,
      );
    }
    return { name: publicName(projection), progress: this.runner.startRebuild(projection) };
  }

  @Get(':name/rebuild')
  @ApiOperation({ summary: 'Progress of the latest rebuild of a read model' })
  progress(@Param('name') name: string) {
    const projection = this.find(name);
    const progress = this.runner.rebuildProgress(projection.name);
    if (!progress) throw new NotFoundException(`no rebuild of ${publicName(projection)} has been started`);
    return { name: publicName(projection), progress };
  }

  private find(name: string) {
    const projection = findProjection(name);
    if (!projection) {
      const known = this.runner.projections().map(publicName).join(', ');
      throw new NotFoundException(`unknown read model '${name}'; known: ${known}`);
    }
    return projection;
  }
}
