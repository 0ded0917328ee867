import { findAgent, connectAgent, type AgentClient } from '../agent/client.js';
import { defaultAgentAddress, parseAgentAddress } from '../agent/address.js';
import { PxError } from '../shared/errors.js';

/** `--agent <address>` gives a string, `--no-agent` false, neither undefined. */
export interface AgentChoice {
  readonly agent?: string | false;
  readonly pcap?: string;
}

/**
 * The agent a command should query, or null to capture in this process. A capture file is
 * always read locally; a named agent must answer; otherwise the local agent is used when one
 * is running, since its history beats a fresh capture.
 */
export async function chooseAgent(options: AgentChoice): Promise<AgentClient | null> {
  if (options.agent === false) return null;
  if (options.pcap !== undefined) {
    if (typeof options.agent === 'string') {
      throw new PxError(
        '--agent and --pcap do not go together',
        'usage.agent_pcap',
        'a capture file is read by this process; leave out one of them',
      );
    }
    return null;
  }
  if (typeof options.agent === 'string') return connectAgent(parseAgentAddress(options.agent));
  return findAgent(defaultAgentAddress());
}
