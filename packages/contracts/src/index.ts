export * from './chinese-data.js';
export * from './roles.js';
export * from './common.js';
export * from './customers.js';
export * from './vehicles.js';
export * from './auth.js';
export * from './network.js';
export * from './appointments.js';
