import { describe, expect, it } from 'vitest';
import {
  endpointText,
  memoized,
  NO_METADATA,
  processMetadata,
  servedService,
  StaticMetadata,
  upidAsid,
  upidPid,
} from './metadata.js';

const upid = (pid: number, asid = 0) => (BigInt(asid) << 96n) | (BigInt(pid) << 64n) | 12345n;

const meta = new StaticMetadata({
  hostname: 'node-1',
  processes: [
    { upid: upid(42), pid: 42, comm: 'nginx', cmdline: 'nginx -g daemon off;' },
    { upid: upid(43), pid: 43, comm: 'node', cmdline: 'node app.js', container: 'shop' },
  ],
  endpoints: [{ addr: '::1', port: 5432, service: 'host/postgres' }],
});

describe('synthetic metadata', () => {
  it('names known processes after their command or container', () => {
    expect(processMetadata(meta, upid(42), { addr: '', port: 0 })).toEqual({
      pod: 'host/nginx-42',
      service: 'host/nginx',
      namespace: 'host',
      node: 'node-1',
      container: 'nginx',
      pid: 42,
      cmdline: 'nginx -g daemon off;',
    });
    expect(processMetadata(meta, upid(43), { addr: '', port: 0 })).toMatchObject({
      pod: 'host/shop',
      container: 'shop',
      service: 'host/node',
    });
  });

  it('names capture-file rows (upid 0) after the server endpoint, exited processes not at all', () => {
    expect(processMetadata(meta, 0n, { addr: '10.0.0.5', port: 80 })).toMatchObject({
      pod: '10.0.0.5:80',
      service: '10.0.0.5:80',
      namespace: 'host',
      pid: 0,
    });
    expect(processMetadata(meta, 0n, { addr: '::1', port: 5432 })).toMatchObject({
      pod: '[::1]:5432',
      service: 'host/postgres',
    });
    expect(processMetadata(meta, upid(99), { addr: '10.0.0.5', port: 80 })).toMatchObject({
      pod: '',
      service: '',
      namespace: '',
      pid: 99,
    });
  });

  it('finds who served a request from either side', () => {
    expect(servedService(meta, upid(42), 2, { addr: '10.0.0.1', port: 80 })).toBe('host/nginx');
    expect(servedService(meta, upid(43), 1, { addr: '::1', port: 5432 })).toBe('host/postgres');
    expect(servedService(meta, upid(43), 1, { addr: '93.184.216.34', port: 443 })).toBe(
      '93.184.216.34:443',
    );
  });

  it('unpacks upids and knows nothing by default', () => {
    expect(upidPid(upid(1234, 7))).toBe(1234);
    expect(upidAsid(upid(1234, 7))).toBe(7);
    expect(endpointText('-', 80)).toBe('');
    expect(NO_METADATA.hostname()).toBe('');
    expect(processMetadata(NO_METADATA, upid(42), { addr: '', port: 0 })).toMatchObject({
      pod: '',
      node: '',
      pid: 42,
    });
  });

  it('finds processes by pid and pods by name when the provider can, once per key', () => {
    const pods = new StaticMetadata({
      processes: [{ upid: upid(42), pid: 42, comm: 'nginx', cmdline: 'nginx' }],
      pods: [{ id: 'p-1', name: 'prod/db-0', namespace: 'prod', service: 'prod/db' }],
    });
    expect(pods.upidOfPid(42)).toBe(upid(42));
    expect(pods.upidOfPid(7)).toBeUndefined();
    expect(pods.podIdOfName('prod/db-0')).toBe('p-1');
    expect(pods.podIdOfName('prod/other')).toBeUndefined();

    let asked = 0;
    const counting = {
      ...NO_METADATA,
      upidOfPid: (pid: number) => {
        asked++;
        return pods.upidOfPid(pid);
      },
    };
    const once = memoized(counting);
    expect(once.upidOfPid?.(42)).toBe(upid(42));
    expect(once.upidOfPid?.(42)).toBe(upid(42));
    expect(asked).toBe(1);
    expect('podIdOfName' in once).toBe(false);
    expect('upidOfPid' in memoized(NO_METADATA)).toBe(false);
  });
});
