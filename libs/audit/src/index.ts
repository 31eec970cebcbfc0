export * from './audit.module';
export * from './customer-history';
export * from './replay';
export * from './verify-cli';
export { csvField } from './audit-rows';
export { verifyAll } from './verify-cli';
