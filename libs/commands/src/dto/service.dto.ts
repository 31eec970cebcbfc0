// Bodies of the service commands: complaints (open, escalate, assign, resolve).
import { SEVERITIES, CONTACT_CHANNELS } from '@ledger/domain';
import { Id, Instant, OneOf, Sku, Text } from './fields';

export class ComplaintDto {
  @Id(false, 'case-77') caseId?: string;
  @Text(100, true, 'delivery') category!: string;
  @OneOf(SEVERITIES) severity!: (typeof SEVERITIES)[number];
  @OneOf(CONTACT_CHANNELS) channel!: (typeof CONTACT_CHANNELS)[number];
  @Text(4000, true, 'Parcel arrived damaged') description!: string;
  @Sku(false, 'ESP-100') product?: string;
  @Instant() occurredAt?: string;
}

export class EscalateComplaintDto {
  @Text(1000, true, 'customer called twice') reason!: string;
  @Id(false, 'team-lead-3') escalatedTo?: string;
  @Instant() occurredAt?: string;
}

export class AssignComplaintDto {
  /** The same id rules as a contact's agentId: whoever works the case. */
  @Id(true, 'agent-12') assigneeId!: string;
  @Text(1000, false, 'speaks Persian; call after 5pm') note?: string;
  @Instant() occurredAt?: string;
}

export class ResolveComplaintDto {
  @Text(2000, true, 'replacement sent') resolution!: string;
  @Id(false, 'agent-12') resolvedBy?: string;
  @Instant() occurredAt?: string;
}
