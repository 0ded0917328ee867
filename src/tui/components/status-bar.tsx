import { Text } from 'ink';
import { formatBytes } from '../../shared/size.js';
import type { LiveStatus } from '../live-source.js';

export interface RunInfo {
  readonly ranAt: Date | null;
  readonly tookMs: number;
  readonly refreshMs: number;
  readonly paused: boolean;
}

function rate(perSecond: number): string {
  if (perSecond >= 1e6) return `${(perSecond / 1e6).toFixed(1)}M`;
  if (perSecond >= 1e4) return `${Math.round(perSecond / 1e3)}k`;
  if (perSecond >= 1e3) return `${(perSecond / 1e3).toFixed(1)}k`;
  return String(Math.round(perSecond));
}

function clock(date: Date): string {
  return date.toTimeString().slice(0, 8);
}

/** The facts of one status line, most important first so a narrow terminal keeps them. */
export function statusParts(status: LiveStatus, run: RunInfo): string[] {
  const parts = [status.capture];
  if (status.eventsPerSecond !== null) parts.push(`${rate(status.eventsPerSecond)} ev/s`);
  if (status.drops !== null) parts.push(`drops ${status.drops}`);
  if (status.cpuPercent !== null) parts.push(`cpu ${Math.round(status.cpuPercent)}%`);
  parts.push(`rss ${formatBytes(status.rssBytes)}`);
  parts.push(`store ${formatBytes(status.storeBytes)}/${formatBytes(status.storeBudgetBytes)}`);
  const every = run.refreshMs >= 1000 ? `${run.refreshMs / 1000}s` : `${run.refreshMs}ms`;
  parts.push(run.paused ? 'PAUSED (space)' : `every ${every}`);
  if (run.ranAt !== null) parts.push(`ran ${clock(run.ranAt)} in ${Math.round(run.tookMs)} ms`);
  return parts;
}

export function StatusBar(props: { status: LiveStatus; run: RunInfo }): React.JSX.Element {
  const { status, run } = props;
  const lost = status.drops !== null && status.drops > 0;
  const color = run.paused ? 'yellow' : lost ? 'red' : 'white';
  return (
    <Text inverse color={color} wrap="truncate">
      {` ${statusParts(status, run).join(' │ ')} `}
    </Text>
  );
}
