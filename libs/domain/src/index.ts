export * from './vocabulary';
export * from './events';
export * from './envelope';
export * from './errors';
export * from './commands';
export * from './policy';
