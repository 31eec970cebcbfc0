export * from './random';
export * from './scenario-generator';
export * from './event-import';
export * from './files-on-disk';
