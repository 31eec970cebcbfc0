export * from './kafka-messaging';
