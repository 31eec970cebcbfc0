export * from './group-commit-queue';
export * from './worker-thread';
