export * from './commands.module';
export * from './command-executor';
export * from './command-catalogue';
export * from './ids';
export { ID_PATTERN } from './dto/fields';
