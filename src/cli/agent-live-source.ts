import type { AgentClient } from '../agent/client.js';
import type { AgentStatusReply } from '../agent/protocol.js';
import type { LiveStatus } from '../tui/live-source.js';
import type { OpenLiveSource } from './live-source.js';

/** How often the view asks the agent whether rows arrived (cheap: one small JSON line). */
const STATUS_POLL_MS = 200;

/** The agent's view of its capture, labelled with where it runs. */
function statusOf(reply: AgentStatusReply, address: string): LiveStatus {
  const capture = reply.capture as Partial<LiveStatus> | null;
  const number = (value: unknown): number | null => (typeof value === 'number' ? value : null);
  return {
    capture: `agent ${address} · ${typeof capture?.capture === 'string' ? capture.capture : '?'}`,
    eventsPerSecond: number(capture?.eventsPerSecond),
    drops: number(capture?.drops),
    cpuPercent: number(capture?.cpuPercent),
    rssBytes: number(capture?.rssBytes) ?? 0,
    storeBytes: number(capture?.storeBytes) ?? 0,
    storeBudgetBytes: number(capture?.storeBudgetBytes) ?? 0,
  };
}

/**
 * `px live` over an agent: scripts run there; status and the row count are polled in the
 * background so the view's synchronous reads stay current.
 */
export async function agentLiveSource(client: AgentClient): Promise<OpenLiveSource> {
  let latest = await client.status();
  const poll = setInterval(() => {
    client.status().then(
      (reply) => {
        latest = reply;
      },
      () => undefined, // a lost agent shows as a failed run, with its message
    );
  }, STATUS_POLL_MS);
  return {
    source: {
      run: (script, args) => client.run(script, args),
      rowsSeen: () => latest.rowsSeen,
      status: () => statusOf(latest, client.address),
    },
    close: () => {
      clearInterval(poll);
      client.close();
      return Promise.resolve();
    },
  };
}
