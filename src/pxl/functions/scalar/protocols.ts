import { STATUS_CODES } from 'node:http';
import { CONN_PROTOCOLS } from '../../../store/index.js';
import { rowFunction } from '../row-function.js';
import type { ScalarFunction } from '../types.js';
import { normalizeMysql, normalizePgsql } from './sql-normalize.js';

/**
 * Names for protocol codes (Pixie's protocol helper UDFs). A code without a name gives its
 * decimal text, as Pixie's dns_rcode_name does, so no row loses its value.
 */

/** DNS RCODEs (RFC 1035, 2136, 2845, 6891, 7873, 8490). 16 is BADVERS with OPT, BADSIG with TSIG. */
const DNS_RCODES: ReadonlyMap<number, string> = new Map(
  Object.entries({
    0: 'NOERROR',
    1: 'FORMERR',
    2: 'SERVFAIL',
    3: 'NXDOMAIN',
    4: 'NOTIMP',
    5: 'REFUSED',
    6: 'YXDOMAIN',
    7: 'YXRRSET',
    8: 'NXRRSET',
    9: 'NOTAUTH',
    10: 'NOTZONE',
    11: 'DSOTYPENI',
    16: 'BADVERS',
    17: 'BADKEY',
    18: 'BADTIME',
    19: 'BADMODE',
    20: 'BADNAME',
    21: 'BADALG',
    22: 'BADTRUNC',
    23: 'BADCOOKIE',
  }).map(([code, name]) => [Number(code), name]),
);

/** MySQL command bytes (COM_*), named as Pixie's collector names them. */
const MYSQL_COMMAND_NAMES: readonly string[] = [
  'Sleep',
  'Quit',
  'InitDB',
  'Query',
  'FieldList',
  'CreateDB',
  'DropDB',
  'Refresh',
  'Shutdown',
  'Statistics',
  'ProcessInfo',
  'Connect',
  'ProcessKill',
  'Debug',
  'Ping',
  'Time',
  'DelayedInsert',
  'ChangeUser',
  'BinlogDump',
  'TableDump',
  'ConnectOut',
  'RegisterSlave',
  'StmtPrepare',
  'StmtExecute',
  'StmtSendLongData',
  'StmtClose',
  'StmtReset',
  'SetOption',
  'StmtFetch',
  'Daemon',
  'BinlogDumpGTID',
  'ResetConnection',
];

const PROTOCOL_NAMES: ReadonlyMap<number, string> = new Map(
  Object.entries(CONN_PROTOCOLS).map(([code, name]) => [Number(code), name]),
);

const n = (v: unknown): number => v as number;
const s = (v: unknown): string => v as string;

function named(names: ReadonlyMap<number, string>, code: number): string {
  return names.get(code) ?? String(code);
}

export const PROTOCOL_FUNCTIONS: readonly ScalarFunction[] = [
  rowFunction({
    name: 'dns_rcode_name',
    summary: "dns_rcode_name(rcode): the DNS response code's name (NOERROR, NXDOMAIN, ...).",
    params: ['INT64'],
    result: 'STRING',
    fn: ([code]) => named(DNS_RCODES, n(code)),
  }),
  rowFunction({
    name: 'http_resp_message',
    summary: "http_resp_message(status): the HTTP status code's reason phrase ('' when unknown).",
    params: ['INT64'],
    result: 'STRING',
    semantic: 'ST_HTTP_RESP_MESSAGE',
    fn: ([code]) => STATUS_CODES[n(code)] ?? '',
  }),
  rowFunction({
    name: 'mysql_command_name',
    summary: "mysql_command_name(cmd): the MySQL command byte's name (Query, StmtExecute, ...).",
    params: ['INT64'],
    result: 'STRING',
    fn: ([code]) => MYSQL_COMMAND_NAMES[n(code)] ?? String(n(code)),
  }),
  rowFunction({
    name: 'protocol_name',
    summary: 'protocol_name(code): the name of a conn_stats protocol code (HTTP, MySQL, ...).',
    params: ['INT64'],
    result: 'STRING',
    fn: ([code]) => named(PROTOCOL_NAMES, n(code)),
  }),
  rowFunction({
    name: 'normalize_mysql',
    summary:
      'normalize_mysql(body, cmd): JSON {"query","params"} with literals as ?, or {"error"}.',
    params: ['STRING', 'INT64'],
    result: 'STRING',
    dictArg: 0,
    fn: ([body, cmd]) => normalizeMysql(s(body), n(cmd)),
  }),
  rowFunction({
    name: 'normalize_pgsql',
    summary:
      'normalize_pgsql(req, cmd): JSON {"query","params"} with literals as $n, or {"error"}.',
    params: ['STRING', 'STRING'],
    result: 'STRING',
    dictArg: 0,
    fn: ([req, cmd]) => normalizePgsql(s(req), s(cmd)),
  }),
];
