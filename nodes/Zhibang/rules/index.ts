/** Pure business rules of the Zhibang nodes (no n8n types): see each module. */
export * from './admission';
export * from './assignment';
export * from './compare';
export * from './khid';
export * from './mobile';
export * from './name';
export * from './score';
export * from './fields';
