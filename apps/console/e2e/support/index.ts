// Shared helpers of the console's browser tests (used by every screen's *.e2e.ts).
export * from './browser';
export * from './console-build';
export * from './axe';
export * from './screens';
export * from './crm';
export * from './measure';
export * from './suite';
