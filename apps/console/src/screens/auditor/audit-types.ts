// The auditors' answers (GET /audit/customers/:id/events, /state, /diff, /verify, /provenance).
export interface AuditRow {
  eventId: string;
  type: string;
  schemaVersion: number;
  revision: number;
  position: number;
  occurredAt: string;
  recordedAt: string;
  actor: string;
  channel: string;
  commandId: string;
  correlationId: string;
  causationId: string;
  hash: string | null;
  prevHash: string | null;
  data: Record<string, unknown>;
}

export interface EventsPage {
  customerId: string;
  fromRevision: number;
  limit: number;
  events: AuditRow[];
  nextRevision: number | null;
}

export interface EventRef {
  eventId: string;
  type: string;
  revision: number;
  position: number;
  occurredAt: string;
  recordedAt: string;
}

export interface StateAnswer {
  customerId: string;
  asOf: string | null;
  knownAt: string | null;
  state: Record<string, unknown> | null;
}

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

export interface DiffAnswer {
  customerId: string;
  from: string;
  to: string;
  changes: FieldChange[];
  causedBy: EventRef[];
}

export interface VerifyAnswer {
  streamId: string;
  verified: number;
  intact: boolean;
  lastHash: string | null;
  firstBrokenLink: unknown;
}

export interface ProvenanceAnswer {
  customerId: string;
  field: string;
  value: unknown;
  changedBy: (EventRef & { before: unknown; after: unknown })[];
}
