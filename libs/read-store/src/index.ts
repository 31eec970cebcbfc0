export * from './read-store.port';
export * from './read-store.errors';
export * from './read-store.rules';
export * from './filter';
export * from './value-order';
