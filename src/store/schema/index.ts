import { dnsEvents, httpEvents, mysqlEvents, pgsqlEvents } from './protocol-tables.js';
import { connStats, networkStats, processStats } from './stats-tables.js';
import type { TableSchema } from './types.js';

export * from './types.js';
export * from './canonical.js';
export { MYSQL_COMMANDS } from './protocol-tables.js';
export { CONN_PROTOCOLS } from './stats-tables.js';

/** Every table px keeps, by name. */
export const TABLES: ReadonlyMap<string, TableSchema> = new Map(
  [httpEvents, mysqlEvents, pgsqlEvents, dnsEvents, connStats, processStats, networkStats].map(
    (t) => [t.name, t],
  ),
);

export { httpEvents, mysqlEvents, pgsqlEvents, dnsEvents, connStats, processStats, networkStats };
