// The queue endpoint's answer, as OpenAPI shows it.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CONTACT_CHANNELS, SEVERITIES, type ContactChannel, type Severity } from '@ledger/domain';
import type { QueuePage, QueueItem, QueueSla } from '../api';

export class QueueItemDto implements QueueItem {
  @ApiProperty({ example: 'c-1001' }) customerId!: string;
  @ApiProperty({ nullable: true, type: String, description: 'null once the customer is erased' })
  customerName!: string | null;
  @ApiProperty({ example: 'case-77' }) caseId!: string;
  @ApiProperty({ example: 'delivery' }) category!: string;
  @ApiProperty({ enum: SEVERITIES }) severity!: Severity;
  @ApiProperty({ enum: CONTACT_CHANNELS }) channel!: ContactChannel;
  @ApiPropertyOptional({ description: "the customer's words; absent once the customer is erased" })
  description?: string;
  @ApiProperty({ format: 'date-time' }) openedAt!: string;
  @ApiProperty({ format: 'date-time', description: 'SLA due time' }) dueAt!: string;
  @ApiProperty() escalated!: boolean;
  @ApiPropertyOptional({ description: 'present when escalated (1, 2, …)' }) escalationLevel?: number;
  @ApiProperty({ nullable: true, type: String, description: 'null while nobody is assigned' })
  assigneeId!: string | null;
  @ApiProperty({ enum: ['on_track', 'due_soon', 'breached'], description: 'SLA clock at `now` (due soon: within 4 h)' })
  sla!: QueueSla;
}

export class ComplaintsQueueResponseDto implements QueuePage {
  @ApiProperty({ type: [QueueItemDto] }) items!: QueueItemDto[];
  @ApiProperty({ description: 'open complaints matching the filters (all pages)' }) total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
  @ApiProperty({ format: 'date-time', description: 'instant the SLA clocks were read at' }) now!: string;
}
