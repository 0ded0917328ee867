import { describe, expect, it } from 'vitest';
import { describeAddress, parseAgentAddress } from './address.js';

describe('parseAgentAddress', () => {
  it('reads socket paths', () => {
    expect(parseAgentAddress('/run/px/agent.sock')).toEqual({
      kind: 'unix',
      path: '/run/px/agent.sock',
    });
    expect(parseAgentAddress('unix:./a.sock')).toEqual({ kind: 'unix', path: './a.sock' });
  });

  it('reads TCP addresses, IPv6 in brackets', () => {
    expect(parseAgentAddress('tcp://10.0.0.5:7070')).toEqual({
      kind: 'tcp',
      host: '10.0.0.5',
      port: 7070,
    });
    expect(parseAgentAddress(':7070')).toEqual({ kind: 'tcp', host: '', port: 7070 });
    expect(parseAgentAddress('[::1]:7070')).toEqual({ kind: 'tcp', host: '::1', port: 7070 });
    expect(describeAddress(parseAgentAddress('[::1]:7070'))).toBe('[::1]:7070');
  });

  it('refuses what is neither, as a usage error', () => {
    for (const bad of ['agent', 'host:0', 'host:70000', 'unix:', 'tcp://host']) {
      expect(() => parseAgentAddress(bad)).toThrow(
        expect.objectContaining({ code: 'usage.agent_address' }),
      );
    }
  });
});
