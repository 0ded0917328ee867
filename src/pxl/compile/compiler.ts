import { asDiagnostics, PxlCheckError, type SourceFile } from '../errors.js';
import type { TableSource } from '../exec/index.js';
import type { OutputSpec } from '../plan/nodes.js';
import { pointSpan, type Module } from '../syntax/index.js';
import type { VisSpec } from '../vis.js';
import { CompileContext } from './context.js';
import { runVisFunctions } from './exec-funcs.js';
import { Interpreter } from './interpreter.js';
import { LookupTables, type LookupSpec } from './lookup-tables.js';
import { Scope } from './values.js';

export interface CompileModuleOptions {
  readonly tables: TableSource;
  /** Relative times ('-5m') resolve against this instant, Unix ns. */
  readonly nowNs: bigint;
  /** With a vis spec the script runs in exec-func mode. */
  readonly vis?: VisSpec;
  /** Script flags (`--start_time=-10m`), for the vis spec's variables. */
  readonly args?: readonly string[];
}

/** Plans for each output table, and the lookup tables they join, built while running. */
export interface CompiledScript {
  readonly source: SourceFile;
  readonly mode: 'display' | 'exec';
  readonly outputs: readonly OutputSpec[];
  readonly lookups: readonly LookupSpec[];
}

/** Compiles a parsed script; throws PxlCheckError carrying every problem found. */
export function compileModule(
  module: Module,
  source: SourceFile,
  options: CompileModuleOptions,
): CompiledScript {
  const mode = options.vis === undefined ? 'display' : 'exec';
  const ctx = new CompileContext(new LookupTables(options.tables), options.nowNs, mode);
  const it = new Interpreter(ctx);
  const scope = new Scope(undefined);
  const scriptStart = pointSpan(module.span.start);
  it.run(module.body, scope);
  if (options.vis !== undefined) {
    runVisFunctions(it, scope, options.vis, options.args ?? [], scriptStart);
  } else if ((options.args ?? []).length > 0) {
    ctx.report(
      'bad-argument',
      'this script takes no arguments: it has no vis spec declaring variables',
      scriptStart,
    );
  }
  if (ctx.diagnostics.length === 0 && ctx.outputs.length === 0) {
    ctx.report(
      'no-output',
      mode === 'exec' ? 'the vis spec names no function to run' : 'the script shows nothing',
      scriptStart,
      mode === 'exec'
        ? 'add globalFuncs or widgets with a func to vis.json'
        : "call px.display(df, 'name') for each table to show",
    );
  }
  const diagnostics = asDiagnostics(
    [...ctx.diagnostics].sort((a, b) => a.span.start.offset - b.span.start.offset),
  );
  if (diagnostics !== undefined) throw new PxlCheckError(diagnostics, source);
  return { source, mode, outputs: ctx.outputs, lookups: ctx.lookups };
}
