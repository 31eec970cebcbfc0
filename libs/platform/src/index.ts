export * from './tokens';
export * from './storage.module';
export * from './http-app';
export * from './health.controller';
export * from './bootstrap';
export * from './backup/backup-cli';
export * from './backup/sqlite-backup';
export * from './backup/restore';
