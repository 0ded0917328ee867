import { spawn } from 'node:child_process';
import { Resolver } from 'node:dns/promises';
import { findProgram, freePort, stopChild, waitUntilReady, type Running } from './processes.js';

/**
 * dnsmasq on a free loopback port answering each of `names` with 127.0.0.1 (TTL 0) and
 * nothing else: no upstream servers, no /etc/hosts, no config file, no pid file. Undefined
 * when dnsmasq is not installed.
 */
export async function startDnsServer(names: readonly string[]): Promise<Running | undefined> {
  const dnsmasq = findProgram('dnsmasq');
  if (dnsmasq === undefined) return undefined;
  const port = await freePort();
  const args = [
    '--keep-in-foreground',
    `--port=${port}`,
    '--listen-address=127.0.0.1',
    '--bind-interfaces',
    '--no-resolv',
    '--no-hosts',
    '--conf-file=/dev/null',
    '--pid-file=',
    ...names.map((name) => `--address=/${name}/127.0.0.1`),
  ];
  const child = spawn(dnsmasq, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const resolver = new Resolver({ timeout: 200, tries: 1 });
  resolver.setServers([`127.0.0.1:${port}`]);
  const answers = (): Promise<boolean> =>
    resolver.resolve4(names[0] ?? 'localhost').then(
      () => true,
      () => false,
    );
  await waitUntilReady(child, 'dnsmasq', answers);
  return { name: 'dns', port, pid: child.pid ?? 0, stop: () => stopChild(child, 'SIGTERM') };
}
