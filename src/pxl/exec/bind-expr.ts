import type { SemanticType } from '../../store/index.js';
import { aggregateFunction, scalarFunction } from '../functions/registry.js';
import { FunctionError, type ArgInfo, type EvalContext } from '../functions/types.js';
import { checkError, runtimeError } from '../plan/diagnostics.js';
import type { Call, Expr, List } from '../plan/expr.js';
import { fieldIndex, type DataType, type Relation, type ScalarValue } from '../plan/types.js';
import { Batch } from './batch.js';
import { bindBinary, bindUnary, type BoundOperator } from './bind-operators.js';
import { constant, numbers, valueAt, type Vector } from './vector.js';

/** An expression checked against its input columns, ready to evaluate batch by batch. */
export interface BoundExpr {
  readonly type: DataType;
  readonly semantic: SemanticType;
  /** Set when the expression is constant: its value, computed once while binding. */
  readonly value?: ScalarValue;
  evaluate(batch: Batch): Vector;
}

/** Types and binds `expr` over `relation`; throws PxlCheckError naming what is wrong. */
export function bindExpr(expr: Expr, relation: Relation, ctx: EvalContext): BoundExpr {
  switch (expr.kind) {
    case 'Column': {
      const index = fieldIndex(relation, expr.name);
      const field = relation[index];
      if (field === undefined) throw unknownColumn(expr.name, relation, expr.span);
      return { type: field.type, semantic: field.semantic, evaluate: (b) => b.column(index) };
    }
    case 'Literal':
      return constantExpr(expr.type, 'ST_NONE', expr.value);
    case 'List':
      throw checkError(
        'misplaced-list',
        'a list is only allowed as a function argument',
        expr.span,
      );
    case 'Unary': {
      const operand = bindExpr(expr.operand, relation, ctx);
      const op = bindUnary(expr.op, operand);
      if (typeof op === 'string') throw checkError('operator-types', op, expr.span);
      return operatorExpr(op, [operand]);
    }
    case 'Binary': {
      const left = bindExpr(expr.left, relation, ctx);
      const right = bindExpr(expr.right, relation, ctx);
      const op = bindBinary(expr.op, left, right);
      if (typeof op === 'string') throw checkError('operator-types', op, expr.span);
      return operatorExpr(op, [left, right]);
    }
    case 'Call':
      return bindCall(expr, relation, ctx);
  }
}

export function unknownColumn(name: string, relation: Relation, span: Call['span']) {
  const names = relation.map((f) => f.name);
  const shown = names.length > 30 ? [...names.slice(0, 30), '...'] : names;
  return checkError('unknown-column', `no column '${name}'`, span, `columns: ${shown.join(', ')}`);
}

function constantExpr(type: DataType, semantic: SemanticType, value: ScalarValue): BoundExpr {
  const vector = constant(type, value);
  return { type, semantic, value, evaluate: () => vector };
}

function operatorExpr(op: BoundOperator, operands: readonly BoundExpr[]): BoundExpr {
  if (operands.every((o) => o.value !== undefined)) {
    const result = op.apply(
      operands.map((o) => o.evaluate(EMPTY_BATCH)),
      1,
    );
    return constantExpr(op.type, op.semantic, valueAt(result, 0));
  }
  return {
    type: op.type,
    semantic: op.semantic,
    evaluate: (batch) =>
      op.apply(
        operands.map((o) => o.evaluate(batch)),
        batch.length,
      ),
  };
}

/** Constants never read their batch; folding evaluates them against this one. */
const EMPTY_BATCH = new Batch(1, []);
const LIST_PLACEHOLDER = numbers('INT64', 0);

function bindCall(expr: Call, relation: Relation, ctx: EvalContext): BoundExpr {
  const fn = scalarFunction(expr.fn);
  if (fn === undefined) {
    const hint = aggregateFunction(expr.fn)
      ? `px.${expr.fn} is an aggregate: use it inside agg(), e.g. agg(x=('col', px.${expr.fn}))`
      : undefined;
    throw checkError('unknown-function', `no function px.${expr.fn}`, expr.span, hint);
  }
  const args = expr.args.map((a) => (a.kind === 'List' ? undefined : bindExpr(a, relation, ctx)));
  const infos = expr.args.map((a, i): ArgInfo => {
    if (a.kind === 'List') {
      return { type: listType(a), semantic: 'ST_NONE', items: a.items.map((item) => item.value) };
    }
    const bound = args[i] as BoundExpr;
    return bound.value === undefined
      ? { type: bound.type, semantic: bound.semantic }
      : { type: bound.type, semantic: bound.semantic, value: bound.value };
  });
  const bound = fn.bind(infos);
  if (typeof bound === 'string') throw checkError('bad-arguments', bound, expr.span);
  const run = (batch: Batch): Vector => {
    const vectors = args.map((a) => a?.evaluate(batch) ?? LIST_PLACEHOLDER);
    try {
      return bound.evaluate(vectors, batch.length, ctx);
    } catch (error) {
      if (error instanceof FunctionError) {
        throw runtimeError('function', `px.${expr.fn}: ${error.message}`, expr.span);
      }
      throw error;
    }
  };
  if (infos.every((a) => a.value !== undefined || a.items !== undefined)) {
    return constantExpr(bound.type, bound.semantic, valueAt(run(EMPTY_BATCH), 0));
  }
  return { type: bound.type, semantic: bound.semantic, evaluate: run };
}

/** The items' common type: INT64 and FLOAT64 mix as FLOAT64, anything else must agree. */
function listType(list: List): DataType {
  const types = new Set(list.items.map((item) => item.type));
  if (types.size <= 1) return list.items[0]?.type ?? 'INT64';
  if (types.size === 2 && types.has('INT64') && types.has('FLOAT64')) return 'FLOAT64';
  throw checkError(
    'list-types',
    `list items must have one type, got ${[...types].join(', ')}`,
    list.span,
  );
}
