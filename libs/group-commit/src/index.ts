export * from './group-commit-queue';
