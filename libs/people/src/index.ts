export * from './people.module';
export * from './sign-in.service';
export * from './sign-in-store';
export * from './passwords';
export * from './directory';
