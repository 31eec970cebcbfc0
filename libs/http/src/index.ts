export * from './access';
export * from './errors.filter';
export * from './validation';
