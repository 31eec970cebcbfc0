export * from './personal-fields';
export * from './field-cipher';
export * from './personal-fields.codec';
export * from './key-store';
export * from './sqlite-key-store';
export * from './personal-data-vault';
export * from './mongo-key-store';
export * from './data-dir';
