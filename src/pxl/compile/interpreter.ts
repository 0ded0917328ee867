import type { Expression, Statement } from '../syntax/index.js';
import { callValue } from './calls.js';
import type { CompileContext } from './context.js';
import { evaluateExpression } from './evaluate.js';
import { pxNamespace } from './px-module.js';
import { runStatements, type Completion } from './statements.js';
import type { CallArgs, NamespaceValue, Scope, Value } from './values.js';

/**
 * Runs a PxL script at compile time (abstract interpretation): expressions evaluate to
 * Values, statements update scopes, and px.display or the vis functions collect plans.
 */
export class Interpreter {
  readonly px: NamespaceValue;

  constructor(readonly ctx: CompileContext) {
    this.px = pxNamespace(this);
  }

  evaluate(node: Expression, scope: Scope): Value {
    return evaluateExpression(this, node, scope);
  }

  call(fn: Value, args: CallArgs): Value {
    return callValue(this, fn, args);
  }

  run(body: readonly Statement[], scope: Scope): Completion {
    return runStatements(this, body, scope);
  }
}
