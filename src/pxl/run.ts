import { PxlCheckError, PxlRuntimeError, DEFAULT_FILE_NAME, type SourceFile } from './errors.js';
import {
  DEFAULT_TIMEOUT_MS,
  executeQuery,
  type ResultTable,
  type TableSource,
} from './exec/index.js';
import { compileModule, type CompiledScript } from './compile/compiler.js';
import { buildLookupTable, LookupTables, PinnedTables } from './compile/lookup-tables.js';
import { memoized, NO_METADATA, type MetadataProvider } from './metadata.js';
import { parsePxlOrThrow } from './syntax/index.js';
import type { VisSpec } from './vis.js';

export type { CompiledScript } from './compile/compiler.js';

export interface CompileScriptOptions {
  readonly fileName?: string;
  /** A vis spec switches to exec-func mode: its functions, not px.display, give the outputs. */
  readonly vis?: VisSpec;
  /** Script flags for the vis variables: `--start_time=-10m`, `--max_num_records 50`. */
  readonly args?: readonly string[];
  /** Unix ns that relative times ('-5m') count back from; capture files pass their end. */
  readonly now: bigint;
  /** Where table schemas come from (a Store). */
  readonly tables: TableSource;
}

/**
 * Parses and compiles a script into plans, one per output table. Throws PxlSyntaxError or
 * PxlCheckError carrying every problem found, renderable with line:col and caret.
 */
export function compileScript(source: string, options: CompileScriptOptions): CompiledScript {
  const file: SourceFile = { name: options.fileName ?? DEFAULT_FILE_NAME, text: source };
  const module = parsePxlOrThrow(source, file.name);
  return compileModule(module, file, {
    tables: options.tables,
    nowNs: options.now,
    ...(options.vis === undefined ? {} : { vis: options.vis }),
    ...(options.args === undefined ? {} : { args: options.args }),
  });
}

export interface RunLimits {
  /** Most rows held at once by blocking operators and results together. */
  readonly maxRows?: number;
  /** Wall-clock budget for the whole run, lookups included. */
  readonly timeoutMs?: number;
}

export interface ExecuteOptions {
  readonly store: TableSource;
  readonly metadata?: MetadataProvider;
  readonly now: bigint;
  readonly limits?: RunLimits;
}

export interface RunScriptOptions extends ExecuteOptions {
  readonly fileName?: string;
  readonly vis?: VisSpec;
  readonly args?: readonly string[];
}

/** Compiles and runs a script on one snapshot of the store. */
export function runScript(source: string, options: RunScriptOptions): ResultTable[] {
  const compiled = compileScript(source, { ...options, tables: options.store });
  return runCompiled(compiled, options);
}

/**
 * Runs compiled plans: first the metadata lookups (the distinct keys the query needs, each
 * resolved once by the provider), then every output, all on the same table snapshots.
 */
export function runCompiled(compiled: CompiledScript, options: ExecuteOptions): ResultTable[] {
  const tables = new LookupTables(new PinnedTables(options.store));
  const metadata = memoized(options.metadata ?? NO_METADATA);
  const deadline = performance.now() + (options.limits?.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const execOptions = () => ({
    nowNs: options.now,
    timeoutMs: Math.max(0, deadline - performance.now()),
    ...(options.limits?.maxRows === undefined ? {} : { maxRows: options.limits.maxRows }),
  });
  try {
    for (const spec of compiled.lookups) {
      tables.add(spec);
      const [keys] = executeQuery(
        { outputs: [{ name: spec.table, plan: spec.keysPlan }] },
        tables,
        execOptions(),
      );
      if (keys !== undefined) tables.fill(spec.table, buildLookupTable(spec, keys, metadata));
    }
    return executeQuery({ outputs: compiled.outputs }, tables, execOptions());
  } catch (error) {
    throw withSource(error, compiled.source);
  }
}

/** Engine errors carry no source text; attach it so they render with the offending line. */
function withSource(error: unknown, source: SourceFile): unknown {
  if (error instanceof PxlRuntimeError && error.source === undefined) {
    return new PxlRuntimeError(error.diagnostics, source);
  }
  if (error instanceof PxlCheckError && error.source === undefined) {
    return new PxlCheckError(error.diagnostics, source);
  }
  return error;
}
