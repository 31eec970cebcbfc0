// The answers every command endpoint shares (the executor writes them all the same way), declared
// once and put on each command controller, so /docs shows the result body and every refusal.
import { applyDecorators } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiProperty,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { ApiInvalidInput, ErrorResponseDto } from '@ledger/http';

export class WrittenEventDto {
  @ApiProperty() eventId!: string;
  @ApiProperty({ example: 'PurchaseRecorded' }) type!: string;
  @ApiProperty({ description: "the event's revision in its stream" }) revision!: number;
  @ApiProperty({ description: "the event's position in the global log" }) position!: number;
}

export class CommandResultDto {
  @ApiProperty({ description: 'the Idempotency-Key, or a generated id' }) commandId!: string;
  @ApiProperty({ example: 'customer-ada' }) streamId!: string;
  @ApiProperty({ description: 'stream revision after the command (also the ETag)' }) revision!: number;
  @ApiProperty({ description: 'global position: pass as minPosition to read your own write' }) position!: number;
  @ApiProperty({ type: [WrittenEventDto], description: 'the events written (empty when nothing changed)' })
  events!: WrittenEventDto[];
  @ApiProperty({ description: 'true when this is the stored answer to an earlier request with the same key' })
  replayed!: boolean;
}

export const CommandResponses = () =>
  applyDecorators(
    ApiCreatedResponse({ type: CommandResultDto, description: 'recorded: the events written' }),
    ApiOkResponse({
      type: CommandResultDto,
      description:
        'a retry with the same Idempotency-Key (Idempotent-Replayed: true) or a command that changed nothing',
    }),
    ApiInvalidInput(),
    ApiNotFoundResponse({ type: ErrorResponseDto, description: 'UNKNOWN_CUSTOMER, UNKNOWN_COMPLAINT, UNKNOWN_ORDER…' }),
    ApiConflictResponse({
      type: ErrorResponseDto,
      description: 'EXPECTED_VERSION_MISMATCH (stale If-Match), CUSTOMER_ALREADY_REGISTERED…',
    }),
    ApiUnprocessableEntityResponse({
      type: ErrorResponseDto,
      description: 'a business rule refused it (docs/event-catalogue.md lists them)',
    }),
  );
