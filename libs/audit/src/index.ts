export * from './audit.module';
export * from './customer-history';
export * from './replay';
export * from './verify/verify-cli';
export * from './checkpoints/checkpoint-key';
export * from './checkpoints/checkpointer';
