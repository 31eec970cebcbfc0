export * from './projection';
export * from './operational-view.projection';
export * from './lifecycle.projection';
export * from './kpis.projection';
export * from './customer-analytics.projection';
export * from './campaigns.projection';
export * from './segments';
export * from './attribution';
