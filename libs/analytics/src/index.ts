export * from './segments-view';
export * from './segments-live';
export * from './attribution-live';
