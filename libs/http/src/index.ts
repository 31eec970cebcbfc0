export * from './access';
export * from './errors.filter';
export * from './validation';
export { certainlyValid } from './validity-plan';
export * from './json-body';
export * from './refused-request';
export * from './input-guard';
export * from './client-error';
