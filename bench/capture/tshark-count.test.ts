import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { countLine, countWithTshark, type ServerPorts } from './tshark-count.js';

const FIXTURES = new URL('../../test/fixtures/pcaps/', import.meta.url);
const WELL_KNOWN: ServerPorts = { http: 80, pgsql: 5432, dns: 53 };

interface Summary {
  responses?: number;
  frontend_types?: Record<string, number>;
}

function summary(name: string): Summary {
  const json = readFileSync(new URL(`${name}.expected.json`, FIXTURES), 'utf8');
  return (JSON.parse(json) as { summary: Summary }).summary;
}

const pcap = (name: string): string => new URL(`${name}.pcap`, FIXTURES).pathname;

describe('countWithTshark on the public corpus', () => {
  it('counts HTTP responses, one per px request/response row', async () => {
    const name = 'zeek/http-pipelined-requests';
    const { records } = await countWithTshark(pcap(name), WELL_KNOWN);
    expect(records.http_events).toBe(summary(name).responses);
    expect(records.http_events).toBeGreaterThan(1);
  });

  it('counts DNS responses over UDP', async () => {
    const name = 'zeek/dns-udp-long-connection';
    const { records } = await countWithTshark(pcap(name), WELL_KNOWN);
    expect(records.dns_events).toBe(summary(name).responses);
    expect(records).toMatchObject({ http_events: 0, pgsql_events: 0 });
  });

  it('counts PostgreSQL Query/Parse/Bind/Describe/Execute, never Sync or startup', async () => {
    for (const name of ['zeek/pgsql-greenhouse-app', 'suricata-verify/pgsql-jdbc-5524']) {
      const types = summary(name).frontend_types ?? {};
      const rows = ['Simple query', 'Parse', 'Bind', 'Describe', 'Execute'];
      const expected = rows.reduce((sum, t) => sum + (types[t] ?? 0), 0);
      const { records } = await countWithTshark(pcap(name), WELL_KNOWN);
      expect(records.pgsql_events).toBe(expected);
      expect(expected).toBeGreaterThan(0);
    }
  });
});

describe('countLine', () => {
  it('counts every message of a frame, and PostgreSQL only towards the server', () => {
    const into = { http_events: 0, pgsql_events: 0, dns_events: 0 };
    countLine('5432\t\t\tParse;Bind;Describe;Execute;Sync', WELL_KNOWN, into);
    countLine('40000\t\t\tParse completion;Bind completion;Data row', WELL_KNOWN, into);
    countLine('40000\t200;404\t\t', WELL_KNOWN, into);
    countLine('40000\t\t1\t', WELL_KNOWN, into);
    expect(into).toEqual({ http_events: 2, pgsql_events: 4, dns_events: 1 });
  });
});
