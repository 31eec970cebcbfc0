export * from './crm-config';
export * from './clock';
