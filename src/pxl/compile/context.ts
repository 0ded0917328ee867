import { PxlCheckError, type Diagnostic } from '../errors.js';
import { checkPlan } from '../exec/index.js';
import type { OutputSpec, PlanNode } from '../plan/nodes.js';
import type { Span } from '../syntax/index.js';
import type { LookupSpec, LookupTables } from './lookup-tables.js';
import { ERROR, type ErrorValue, type Frame } from './values.js';

/** A lookup table other lookups on the same keys may reuse (see lower.ts). */
export interface CachedLookup {
  /** The keys' text. */
  readonly signature: string;
  /** The frame the lookup was made for: its descendants have a subset of its keys. */
  readonly frame: Frame;
  readonly table: string;
  readonly keys: readonly string[];
  /** The column of each metadata function's value. */
  readonly columns: ReadonlyMap<string, string>;
}

/** Top-level mode runs px.display calls; exec mode runs the functions a vis spec names. */
export type CompileMode = 'display' | 'exec';

/** Past this many problems the rest are likely echoes of the first ones. */
const MAX_DIAGNOSTICS = 20;

/** How deep user functions may call each other (recursion has no base case at compile time). */
export const MAX_CALL_DEPTH = 64;

/**
 * State of one compilation: problems found so far, the outputs and lookup tables built, the
 * clock relative times resolve against, and a counter for the hidden columns the compiler
 * adds (named `__px_...`, which no table uses).
 */
export class CompileContext {
  readonly diagnostics: Diagnostic[] = [];
  readonly outputs: OutputSpec[] = [];
  readonly lookups: LookupSpec[] = [];
  readonly tables: LookupTables;
  callDepth = 0;
  private hiddenCount = 0;
  /** Joins the compiler added to look up metadata: they keep every row as it was. */
  private readonly lookupJoins = new WeakSet<PlanNode>();
  private readonly lookupCache: CachedLookup[] = [];

  constructor(
    tables: LookupTables,
    readonly nowNs: bigint,
    readonly mode: CompileMode,
  ) {
    this.tables = tables;
  }

  /** Records a problem; returns the error value that silences its consequences. */
  report(code: string, message: string, span: Span, hint?: string): ErrorValue {
    if (this.diagnostics.length < MAX_DIAGNOSTICS) {
      this.diagnostics.push({
        code: `check.${code}`,
        message,
        span,
        ...(hint === undefined ? {} : { hint }),
      });
    }
    return ERROR;
  }

  hidden(kind: string): string {
    return `__px_${kind}${this.hiddenCount++}`;
  }

  markLookupJoin(node: PlanNode): void {
    this.lookupJoins.add(node);
  }

  isLookupJoin(node: PlanNode): boolean {
    return this.lookupJoins.has(node);
  }

  cacheLookup(entry: CachedLookup): void {
    this.lookupCache.push(entry);
  }

  cachedLookups(signature: string): readonly CachedLookup[] {
    return this.lookupCache.filter((e) => e.signature === signature);
  }

  addLookup(spec: LookupSpec): void {
    this.lookups.push(spec);
    this.tables.add(spec);
  }

  /**
   * A frame for `plan`, its columns inferred by the engine. A plan the engine rejects has its
   * problems recorded and gets no relation, so later uses of it stay silent.
   */
  frame(plan: PlanNode, table: string | undefined): Frame {
    try {
      return { plan, relation: checkPlan(plan, this.tables, { nowNs: this.nowNs }), table };
    } catch (error) {
      if (!(error instanceof PxlCheckError)) throw error;
      for (const d of error.diagnostics) {
        if (this.diagnostics.length < MAX_DIAGNOSTICS) this.diagnostics.push(d);
      }
      return { plan, relation: undefined, table };
    }
  }
}
