export * from './commands.module';
export * from './command-executor';
export * from './command-catalogue';
export * from './ids';
export * from './batch-items';
export type { CommandCaller } from './command-request';
export { ID_PATTERN } from './dto/fields';
