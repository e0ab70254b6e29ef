// Every table of Gradins, one file per area. drizzle-kit reads this file to generate the migrations.
export * from './platform.js';
export * from './accounts.js';
export * from './mail.js';
export * from './audit.js';
export * from './programmes.js';
export * from './applicants.js';
export * from './privacy.js';
export * from './draws.js';
export * from './attributions.js';
export * from './tickets.js';
export * from './gate.js';
export * from './bans.js';
