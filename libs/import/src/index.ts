export * from './mapping';
export * from './sources';
export * from './sinks';
export * from './import-runner';
export * from './export-log';
export * from './import-cli';
export * from './export-cli';
