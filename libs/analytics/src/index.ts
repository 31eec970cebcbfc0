export * from './segments-view';
export * from './segments-live';
export * from './attribution-live';
export * from './duplicates';
export * from './search-index';
export * from './complaints-queue';
export * from './segment-history';
