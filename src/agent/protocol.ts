import type { Script } from '../scripts/bundle.js';
import type { WireError } from './error-wire.js';
import type { WireTable } from './result-wire.js';

/**
 * What a terminal and an agent say to each other: JSON lines, each request answered by one
 * reply with the same id. The script travels whole (source and view spec), so `-f my.pxl`
 * works against an agent as it does locally.
 */
export interface WireScript {
  readonly name: string;
  readonly source: string;
  readonly fileName: string;
  readonly vis?: unknown;
}

export type AgentRequest =
  | {
      readonly id: number;
      readonly op: 'run';
      readonly script: WireScript;
      readonly args: string[];
    }
  | { readonly id: number; readonly op: 'status' };

export type AgentReply =
  | { readonly id: number; readonly ok: true; readonly tables: WireTable[] }
  | { readonly id: number; readonly ok: true; readonly status: AgentStatusReply }
  | { readonly id: number; readonly ok: false; readonly error: WireError };

export interface AgentStatusReply {
  readonly version: string;
  /** When the agent started capturing, ISO 8601. */
  readonly since: string;
  readonly rowsSeen: number;
  /** The capture's own status, as the agent's service describes it. */
  readonly capture: unknown;
}

export function toWireScript(script: Script): WireScript {
  return {
    name: script.name,
    source: script.source,
    fileName: script.fileName,
    ...(script.vis === undefined ? {} : { vis: script.vis }),
  };
}
