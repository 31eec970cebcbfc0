export * from './random';
export * from './scenario-generator';
