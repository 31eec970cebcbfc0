export * from './relay';
export * from './relay.module';
