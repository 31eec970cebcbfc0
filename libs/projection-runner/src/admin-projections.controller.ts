// Administrators see how far each read model has got and rebuild one from the event store.
import { Controller, Get, HttpCode, Inject, NotFoundException, Param, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import { Requires } from '@ledger/http';
import type { ProjectionsAnswer } from './api';
import { KafkaProjectionRunner } from './kafka-projection-runner';
import { ProjectionRunner } from './projection-runner';
import { findProjection, publicName } from './projections.catalogue';

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
  @ApiOkResponse({
    description:
      '{ eventLogHead, readModels: [{ name, version, checkpoint, eventsBehind, status, error, retry, rebuild }] }',
  })
  @ApiOperation({
    summary:
      'Read models with their position in the event log, their status (running, retrying, stopped) and error, and any rebuild in progress',
  })
  async status(): Promise<ProjectionsAnswer> {
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
          // status running | retrying | stopped, with the error, since when and the failing event's position.
          ...this.runner.health(projection.name),
          rebuild: this.runner.rebuildProgress(projection.name) ?? null,
        };
      }),
    };
  }

  /**
   * Distributed mode: per read model its live generation (collection, consumer group, version),
   * any build running beside it, and the live group's lag (records it has not committed yet).
   */
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
    return { eventLogHead: head, mode: 'kafka' as const, readModels };
  }

  @Post(':name/rebuild')
  @ApiAcceptedResponse({
    description:
      '{ name, progress: { state, startedAt, processedUpTo, target, percent } }: the blue-green rebuild started',
  })
  @HttpCode(202)
  @ApiOperation({ summary: 'Rebuild a read model from the event log into a fresh copy, then swap' })
  async rebuild(@Param('name') name: string) {
    const projection = this.find(name);
    if (this.kafka.active) {
      // A new generation: fresh collection and consumer group from the topic's start; every
      // instance moves to it when it has caught up. A second request returns the running one.
      return { name: publicName(projection), progress: await this.kafka.rebuild(projection.name) };
    }
    return { name: publicName(projection), progress: this.runner.startRebuild(projection) };
  }

  @Get(':name/rebuild')
  @ApiOkResponse({ description: "{ name, progress }: the latest rebuild's progress (404 when none was started)" })
  @ApiOperation({ summary: 'Progress of the latest rebuild of a read model' })
  async progress(@Param('name') name: string) {
    const projection = this.find(name);
    const progress = this.kafka.active
      ? await this.kafka.rebuildProgress(projection.name)
      : this.runner.rebuildProgress(projection.name);
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
