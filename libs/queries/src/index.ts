export * from './queries.module';
