// The injection tokens now live beside the ports they stand for (EVENT_STORE in
// @ledger/event-store, READ_STORE in @ledger/read-store, MESSAGING in @ledger/messaging,
// PERSONAL_DATA in @ledger/personal-data, CRM_CONFIG and CLOCK in @ledger/config, Readiness in
// @ledger/http), so features
// never import this composition root. Re-exported here only for code written before the move;
// import them from those libraries.
export { CLOCK, CRM_CONFIG, systemClock, type Clock } from '@ledger/config';
export { EVENT_STORE } from '@ledger/event-store';
export { MESSAGING } from '@ledger/messaging';
export { PERSONAL_DATA } from '@ledger/personal-data';
export { READ_STORE } from '@ledger/read-store';
export { Readiness, type CheckResult, type ReadinessCheck, type ReadinessReport } from '@ledger/http';
