export * from './event-store.port';
export * from './event-store.errors';
export * from './append-rules';
export * from './append-notifier';
export * from './catch-up-subscription';
export * from './read-rules';
export * from './canonical-json';
export * from './hash-chain';
