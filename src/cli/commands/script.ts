import { Command, Option } from 'commander';
import { listBundledScripts, loadBundledScript } from '../../scripts/bundle.js';
import { addRunOptions, runOnce, type RunOptions } from './run.js';

function listCommand(): Command {
  return new Command('list')
    .description('list the bundled scripts')
    .addOption(
      new Option('-o, --output <format>', 'output format')
        .choices(['table', 'json'])
        .default('table'),
    )
    .action((options: { output: 'table' | 'json' }) => {
      const scripts = listBundledScripts();
      if (options.output === 'json') {
        for (const s of scripts)
          process.stdout.write(JSON.stringify({ name: s.name, description: s.short }) + '\n');
        return;
      }
      const width = Math.max(4, ...scripts.map((s) => s.name.length));
      process.stdout.write(`${'NAME'.padEnd(width)}  DESCRIPTION\n`);
      for (const s of scripts) process.stdout.write(`${s.name.padEnd(width)}  ${s.short}\n`);
    });
}

function showCommand(): Command {
  return new Command('show')
    .description("print a bundled script's PxL (and its arguments)")
    .argument('<name>', 'script name, e.g. px/service_stats')
    .action((name: string) => {
      const script = loadBundledScript(name);
      process.stdout.write(script.source.endsWith('\n') ? script.source : `${script.source}\n`);
      const variables = script.vis?.variables ?? [];
      if (variables.length > 0) {
        process.stdout.write('\n# Arguments (px run ' + name + ' -- --name=value):\n');
        for (const v of variables) {
          const def =
            v.defaultValue === undefined ? 'required' : `default ${JSON.stringify(v.defaultValue)}`;
          process.stdout.write(
            `#   --${v.name} (${v.type}, ${def})${v.description ? `: ${v.description}` : ''}\n`,
          );
        }
      }
    });
}

export function scriptCommand(): Command {
  const run = addRunOptions(
    new Command('run').description('run a bundled script once (same as px run)'),
  ).action((name: string | undefined, args: string[], options: RunOptions) =>
    runOnce(name, args, options),
  );
  return new Command('script')
    .description('list, show and run the bundled PxL scripts')
    .addCommand(listCommand())
    .addCommand(showCommand())
    .addCommand(run)
    .addHelpText(
      'after',
      '\nExamples:\n  px script list\n  px script show px/service_stats\n  px script run px/service_stats',
    );
}
