export * from './messaging.port';
export * from './messaging.errors';
export * from './messaging.rules';
export * from './delivery';
export * from './cloud-events';
export * from './in-memory-broker';
export * from './event-codec';
