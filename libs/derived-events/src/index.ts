export * from './derived-events.module';
export * from './derived-event-store';
export * from './membership-changes';
export * from './webhook-outbox';
export * from './webhook-signature';
