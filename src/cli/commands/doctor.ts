import { Command, Option } from 'commander';
import { defaultAgentAddress, describeAddress } from '../../agent/address.js';
import { findAgent } from '../../agent/client.js';
import type { AgentStatusReply } from '../../agent/protocol.js';
import { runDoctor, type DoctorReport } from '../../collector/preflight/doctor.js';
import { defaultBudgetBytes } from '../../store/index.js';
import { formatBytes, parseSize } from '../../shared/size.js';
import { EXIT, type RunStatus } from '../exit-codes.js';

const MARK = { ok: 'ok  ', warn: 'warn', fail: 'FAIL' } as const;

/** The local agent's status, or null when none answers at the default socket. */
async function localAgent(): Promise<AgentStatusReply | null> {
  const client = await findAgent(defaultAgentAddress()).catch(() => null);
  if (client === null) return null;
  try {
    return await client.status();
  } finally {
    client.close();
  }
}

function agentLine(agent: AgentStatusReply | null): string {
  const where = describeAddress(defaultAgentAddress());
  if (agent === null) return `  Agent: none at ${where} (px agent starts one)`;
  const capture = agent.capture as { capture?: unknown; drops?: unknown } | null;
  const mode = typeof capture?.capture === 'string' ? `capturing with ${capture.capture}, ` : '';
  const drops = typeof capture?.drops === 'number' ? `, ${capture.drops} events lost` : '';
  return `  Agent: running at ${where} since ${agent.since}, ${mode}${agent.rowsSeen} rows${drops}`;
}

function renderText(
  report: DoctorReport,
  budgetBytes: number,
  budgetSource: string,
  agent: AgentStatusReply | null,
): string {
  const lines = ['px doctor: can px capture on this machine?', ''];
  const width = Math.max(...report.checks.map((c) => c.title.length));
  for (const c of report.checks) {
    lines.push(`  [${MARK[c.status]}] ${c.title.padEnd(width)}  ${c.detail}`);
    if (c.fix !== undefined) lines.push(`         ${' '.repeat(width)}  fix: ${c.fix}`);
  }
  const { totalBytes, availableBytes } = report.memory;
  const available = availableBytes === null ? '' : `, ${formatBytes(availableBytes)} available`;
  lines.push(
    '',
    `  Memory: ${formatBytes(totalBytes)} total${available}; ` +
      `store budget ${formatBytes(budgetBytes)} (${budgetSource})`,
    '',
    '  Capture modes:',
  );
  for (const m of report.modes) {
    const state = m.usable ? 'ready' : `unavailable: ${m.blockers.join('; ')}`;
    lines.push(`    ${m.mode.padEnd(5)} ${state}`);
  }
  lines.push('', `  --capture auto will use: ${report.auto ?? 'nothing'} (${report.autoReason})`);
  lines.push(agentLine(agent));
  return lines.join('\n') + '\n';
}

export function doctorCommand(status: RunStatus): Command {
  return new Command('doctor')
    .description(
      'check kernel, privileges, tracefs, BTF, tracepoints and libpcap; say which capture mode works',
    )
    .addOption(
      new Option('-o, --output <format>', 'output format')
        .choices(['table', 'json'])
        .default('table'),
    )
    .option('--store-memory <size>', 'store budget to report (e.g. 512MiB, 2GiB, 5%)')
    .addHelpText(
      'after',
      `
Exit status: 0 when at least one capture mode can work, 3 when none can.
The report ends with the local px agent, if one is running.
tracefs is mounted at /sys/kernel/tracing when it is missing and px may mount it.

Examples:
  px doctor                 human-readable report
  px doctor -o json         the same as one JSON object, for scripts
  sudo px doctor            check with the privileges capture will have`,
    )
    .action(async (options: { output: 'table' | 'json'; storeMemory?: string }) => {
      const report = runDoctor();
      const agent = await localAgent();
      const total = report.memory.totalBytes;
      const budgetBytes =
        options.storeMemory === undefined
          ? defaultBudgetBytes(total)
          : parseSize(options.storeMemory, total);
      const budgetSource =
        options.storeMemory === undefined
          ? '5% of memory; --store-memory to change'
          : `--store-memory ${options.storeMemory}`;
      if (options.output === 'json') {
        const json = { ...report, storeBudgetBytes: budgetBytes, agent };
        process.stdout.write(JSON.stringify(json) + '\n');
      } else {
        process.stdout.write(renderText(report, budgetBytes, budgetSource, agent));
      }
      status.exitCode = report.auto === null ? EXIT.noCapture : EXIT.ok;
    });
}
