export * from './crm-config';
