// Subject access (GDPR art. 15): everything held about one customer, from the log, decrypted,
// in one portable JSON document, plus the read-model summary agents see.
import { Controller, Get, Inject, Param, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CrmEventType, RecordedEvent } from '@ledger/domain';
import { Requires, type AuthenticatedRequest } from '@ledger/http';
import { operationalViewProjection, type OperationalView } from '@ledger/projections';
import { READ_STORE, type ReadStore } from '@ledger/read-store';
import { CLOCK, type Clock } from '@ledger/config';
import { AuditAccess } from './audit-access';
import { CustomerHistory } from './customer-history';
import { occurredAt } from './replay';

/** Sections of the export, in the order they appear in it. */
const SECTION_NAMES = [
  'profile',
  'consents',
  'contacts',
  'purchases',
  'complaints',
  'feedback',
  'offers',
  'campaignTouches',
] as const;
type Section = (typeof SECTION_NAMES)[number];

/**
 * The section each event type fills; null: never part of a customer's history. Every event type
 * has an entry, so a new one cannot be left out of subject-access exports unnoticed.
 */
const SECTION_OF = {
  CustomerRegistered: 'profile',
  CustomerProfileUpdated: 'profile',
  AccountManagerAssigned: 'profile',
  KeyAccountFlagged: 'profile',
  CustomerErased: 'profile',
  CustomersMerged: 'profile',
  CustomersUnmerged: 'profile',
  ConsentGiven: 'consents',
  ConsentWithdrawn: 'consents',
  ContactRecorded: 'contacts',
  InformationRequested: 'contacts',
  PurchaseRecorded: 'purchases',
  PurchaseReturned: 'purchases',
  ComplaintOpened: 'complaints',
  ComplaintEscalated: 'complaints',
  ComplaintAssigned: 'complaints',
  ComplaintResolved: 'complaints',
  FeedbackGiven: 'feedback',
  OfferMade: 'offers',
  CampaignTouchDelivered: 'campaignTouches',
  CampaignLaunched: null,
  CustomerValueModelFitted: null,
  UserAdded: null,
  UserRolesChanged: null,
  UserTeamChanged: null,
  UserDeactivated: null,
  UserReactivated: null,
} as const satisfies Record<CrmEventType, Section | null>;

const entry = (e: RecordedEvent) => ({
  eventId: e.eventId,
  type: e.type,
  occurredAt: occurredAt(e),
  recordedAt: e.recordedAt,
  channel: e.metadata.channel,
  data: e.data,
});

@ApiTags('audit')
@Controller('customers')
@Requires('read:audit')
export class SubjectAccessController {
  constructor(
    private readonly history: CustomerHistory,
    private readonly access: AuditAccess,
    @Inject(READ_STORE) private readonly reads: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get(':customerId/export')
  @ApiOkResponse({
    description:
      '{ format, customerId, exportedAt, erased, eventCount, profile, consents, contacts, purchases, … }: every fact held, from the log',
  })
  @ApiOperation({ summary: 'Everything held about the customer, from the log, as one JSON document (auditor, admin)' })
  async export(@Param('customerId') customerId: string, @Req() req: AuthenticatedRequest) {
    this.access.record(req, 'export', customerId);
    const events = await this.history.all(customerId);
    const sections = Object.fromEntries(
      SECTION_NAMES.map((name) => [name, events.filter((e) => SECTION_OF[e.type] === name).map(entry)]),
    );
    const summary = await this.reads.get<OperationalView>(operationalViewProjection.name, customerId);
    return {
      format: 'ledger-crm/subject-access/v1',
      customerId,
      exportedAt: this.clock.now(),
      erased: events.some((e) => e.type === 'CustomerErased'),
      eventCount: events.length,
      ...sections,
      summary,
    };
  }
}
