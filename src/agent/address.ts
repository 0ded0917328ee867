import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PxError } from '../shared/errors.js';

/** Where an agent listens: a Unix socket (the default, root only) or a TCP port. */
export type AgentAddress =
  | { readonly kind: 'unix'; readonly path: string }
  | { readonly kind: 'tcp'; readonly host: string; readonly port: number };

/**
 * PX_AGENT_SOCKET when set (a container, a test); else root's agent lives in /run/px and
 * anyone else's in the temp dir, named by uid.
 */
export function defaultAgentAddress(): AgentAddress {
  const override = process.env['PX_AGENT_SOCKET'];
  if (override !== undefined && override !== '') return { kind: 'unix', path: override };
  const uid = process.getuid?.() ?? 0;
  const path = uid === 0 ? '/run/px/agent.sock' : join(tmpdir(), `px-agent-${uid}.sock`);
  return { kind: 'unix', path };
}

/**
 * `unix:/path`, a path (`/run/px/agent.sock`, `./agent.sock`), `tcp://host:port`,
 * `host:port` or `:port` (all interfaces when listening, localhost when connecting).
 */
export function parseAgentAddress(text: string): AgentAddress {
  const spec = text.trim();
  if (spec.startsWith('unix:')) return unixAt(spec.slice('unix:'.length), text);
  if (spec.startsWith('/') || spec.startsWith('.')) return unixAt(spec, text);
  const hostPort = spec.startsWith('tcp://') ? spec.slice('tcp://'.length) : spec;
  const match = /^(\[[^\]]+\]|[^:]*):(\d{1,5})$/.exec(hostPort);
  const port = Number(match?.[2]);
  if (match === null || port < 1 || port > 65535) {
    throw new PxError(
      `invalid agent address "${text}"`,
      'usage.agent_address',
      'write a socket path (/run/px/agent.sock) or host:port (10.0.0.5:7070, :7070)',
    );
  }
  const host = (match[1] ?? '').replace(/^\[|\]$/g, '');
  return { kind: 'tcp', host, port };
}

function unixAt(path: string, text: string): AgentAddress {
  if (path === '') {
    throw new PxError(`invalid agent address "${text}"`, 'usage.agent_address', 'unix:/path');
  }
  return { kind: 'unix', path };
}

export function describeAddress(address: AgentAddress): string {
  if (address.kind === 'unix') return address.path;
  const host = address.host.includes(':') ? `[${address.host}]` : address.host;
  return `${host}:${address.port}`;
}
