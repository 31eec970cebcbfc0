// The shapes of the auditors' answers (GET /audit/customers/:id/events, /verify, /state, /diff,
// /provenance). The controllers declare them as their return types, and the console imports them
// (`@ledger/audit/api`, type-only) instead of keeping copies. Types only, from pure modules:
// replay and segment provenance are pure functions of the events, so their results are the types.
import type { Instant } from '@ledger/domain';
import type { ChainBreak } from '@ledger/event-store/api';
import type { OperationalView } from '@ledger/projections';
import type { diffBetween, provenanceOf } from './replay';
import type { segmentProvenance } from './segment-provenance';

export type { EventRef, FieldChange } from './replay';

/** One stored event as auditors read it: who, through which channel, business and record time, where, its hash. */
export interface AuditRow {
  eventId: string;
  type: string;
  schemaVersion: number;
  revision: number;
  position: number;
  occurredAt: Instant;
  recordedAt: Instant;
  actor: string;
  channel: string;
  commandId: string;
  correlationId: string;
  causationId: string;
  hash: string | null;
  prevHash: string | null;
  /** The event's fields, decrypted (personal ones null once the customer was erased). */
  data: unknown;
}

/** GET /audit/customers/:id/events as JSON: one page in revision order. */
export interface EventsPage {
  customerId: string;
  fromRevision: number;
  limit: number;
  events: AuditRow[];
  /** Pass as `fromRevision` for the next page; null after the last event. */
  nextRevision: number | null;
}

/** GET /audit/customers/:id/verify: the stream's hash chain walked from its first event. */
export interface VerificationReport {
  streamId: string;
  verified: number;
  intact: boolean;
  lastHash: string | null;
  firstBrokenLink: ChainBreak | null;
}

/** GET /audit/customers/:id/state: the 360 replayed as of a business time, as known at a record time. */
export interface StateAnswer {
  customerId: string;
  asOf: Instant | null;
  knownAt: Instant | null;
  /** null when the customer was not registered yet. */
  state: OperationalView | null;
}

/** GET /audit/customers/:id/diff. */
export type DiffAnswer = { customerId: string } & ReturnType<typeof diffBetween>;

/** GET /audit/customers/:id/provenance?field=…: each event that changed the field. */
export type FieldProvenanceAnswer = { customerId: string; asOf: Instant | null } & ReturnType<typeof provenanceOf>;

/** GET /audit/customers/:id/provenance?segment=true: the segment scores and the facts behind them. */
export type SegmentProvenanceAnswer = { customerId: string } & ReturnType<typeof segmentProvenance>;

export type ProvenanceAnswer = FieldProvenanceAnswer | SegmentProvenanceAnswer;
