export * from './crm-config';
export * from './clock';
export * from './oidc-config';
export * from './forwarding-config';
