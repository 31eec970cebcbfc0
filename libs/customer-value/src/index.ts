// Fitted customer-base models (BG/NBD + Gamma-Gamma): pure functions, no I/O, no clock.
export * from './summary';
export * from './bg-nbd';
export * from './gamma-gamma';
export * from './model';
export * from './forecast';
export * from './metrics';
export * from './evaluation';
export * from './in-force';
export * from './value-history';
export { seedOf } from './random';
