// The auditors' answers (GET /audit/customers/:id/events, /state, /diff, /verify, /provenance):
// the server's own types, imported type-only.
export type {
  AuditRow,
  DiffAnswer,
  EventRef,
  EventsPage,
  FieldChange,
  FieldProvenanceAnswer as ProvenanceAnswer,
  SegmentProvenanceAnswer,
  StateAnswer,
  VerificationReport as VerifyAnswer,
} from '@ledger/audit/api';
