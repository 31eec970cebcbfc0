// The shapes of the webhook endpoints' answers. Types only, free of NestJS and storage, so the
// console imports them (`@ledger/derived-events/api`, erased from its bundle) instead of copying.
export type { DerivedEventType } from './membership-changes';
