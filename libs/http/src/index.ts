export * from './access';
export * from './errors.filter';
export * from './validation';
export { certainlyValid } from './validity-plan';
export * from './json-body';
export * from './refused-request';
