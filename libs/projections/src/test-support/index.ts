// Event builders and folds for the specs of the query-time engine that reads these documents
// (@ledger/analytics), imported as '@ledger/projections/test-support'. customer-events.ts reuses
// the same builder names with other signatures, so it stays private to this library.
export * from './analytics-events';
export * from './recorded';
