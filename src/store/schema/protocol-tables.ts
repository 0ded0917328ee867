import { canonicalProtocolColumns, latencyColumn } from './canonical.js';
import { column, type TableSchema } from './types.js';

export const httpEvents: TableSchema = {
  name: 'http_events',
  description: 'HTTP/1.x requests paired with their responses.',
  columns: [
    ...canonicalProtocolColumns,
    column('major_version', 'INT64', 'HTTP major version (1).'),
    column('minor_version', 'INT64', 'HTTP minor version (0 or 1).'),
    column('content_type', 'INT64', 'Body kind: 0 unknown, 1 JSON, 2 gRPC.', {
      enumValues: { 0: 'unknown', 1: 'json', 2: 'grpc' },
    }),
    column('req_headers', 'STRING', 'Request headers as a JSON object.'),
    column('req_method', 'STRING', 'Request method.', { semantic: 'ST_HTTP_REQ_METHOD' }),
    column('req_path', 'STRING', 'Request target as sent, query string included.'),
    column('req_body', 'STRING', 'Request body, cut at the body limit with a marker.'),
    column('req_body_size', 'INT64', 'Request body size before truncation.', {
      semantic: 'ST_BYTES',
    }),
    column('resp_headers', 'STRING', 'Response headers as a JSON object.'),
    column('resp_status', 'INT64', 'Response status code.', { semantic: 'ST_HTTP_RESP_STATUS' }),
    column('resp_message', 'STRING', 'Response reason phrase.', {
      semantic: 'ST_HTTP_RESP_MESSAGE',
    }),
    column('resp_body', 'STRING', 'Response body, cut at the body limit with a marker.'),
    column('resp_body_size', 'INT64', 'Response body size before truncation.', {
      semantic: 'ST_BYTES',
    }),
    latencyColumn,
  ],
};

/** MySQL command bytes (COM_*) that px names; other values print as hex. */
export const MYSQL_COMMANDS: Readonly<Record<number, string>> = {
  0x01: 'Quit',
  0x02: 'InitDB',
  0x03: 'Query',
  0x0e: 'Ping',
  0x16: 'StmtPrepare',
  0x17: 'StmtExecute',
  0x18: 'StmtSendLongData',
  0x19: 'StmtClose',
  0x1a: 'StmtReset',
  0x1f: 'ResetConnection',
};

export const mysqlEvents: TableSchema = {
  name: 'mysql_events',
  description: 'MySQL/MariaDB commands paired with their responses.',
  columns: [
    ...canonicalProtocolColumns,
    column(
      'req_cmd',
      'INT64',
      'Command byte (COM_*): 3 Query, 22 StmtPrepare, 23 StmtExecute, ...',
      {
        enumValues: MYSQL_COMMANDS,
      },
    ),
    column('req_body', 'STRING', 'Query text; for StmtExecute the statement with its parameters.'),
    column('resp_status', 'INT64', 'Outcome: 0 unknown, 1 none, 2 OK, 3 error.', {
      enumValues: { 0: 'unknown', 1: 'none', 2: 'ok', 3: 'err' },
    }),
    column('resp_body', 'STRING', 'Error message, or a summary of the result set.'),
    latencyColumn,
  ],
};

export const pgsqlEvents: TableSchema = {
  name: 'pgsql_events',
  description: 'PostgreSQL messages paired with their responses.',
  columns: [
    ...canonicalProtocolColumns,
    column('req_cmd', 'STRING', 'Request message: Query, Parse, Bind, Execute, ...'),
    column('req', 'STRING', 'Request text; for Execute the statement with bound parameters.'),
    column('resp', 'STRING', 'Response text; errors start with "ERROR RESPONSE".'),
    latencyColumn,
  ],
};

export const dnsEvents: TableSchema = {
  name: 'dns_events',
  description: 'DNS queries (UDP and TCP) paired with their replies.',
  columns: [
    ...canonicalProtocolColumns,
    column('req_header', 'STRING', 'Query header as JSON: txid, flags, counts.'),
    column('req_body', 'STRING', 'Questions as JSON: {"queries":[{"name","type"}]}.'),
    column('resp_header', 'STRING', 'Reply header as JSON, including rcode.'),
    column('resp_body', 'STRING', 'Answers as JSON: {"answers":[{"name","type","addr"|"cname"}]}.'),
    latencyColumn,
  ],
};
