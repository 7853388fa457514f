export * from './warehouses.js';
export * from './movements.js';
