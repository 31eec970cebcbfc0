export * from './tokens';
export * from './storage.module';
export * from './http-app';
export * from './health.controller';
export * from './auth.controller';
export * from './bootstrap';
