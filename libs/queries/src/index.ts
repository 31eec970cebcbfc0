export * from './queries.module';
export * from './query-params';
export { SearchIndex, type SearchHit } from './search/search-index';
