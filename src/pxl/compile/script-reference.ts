import type { Span } from '../syntax/index.js';
import { bindArgs, wrongType } from './args.js';
import type { CompileContext } from './context.js';
import { constant, type CallArgs, type Value } from './values.js';

/**
 * `px.script_reference(label, script, {'start_time': start_time, 'pod': df.pod})`: the dict
 * (columns or constants as values) cannot be a plan expression, so it is passed flattened to
 * the engine's script_reference: label, script, then each name (a string literal) and its
 * value. Returns the call's arguments in that form, or undefined once a problem is reported.
 */
export function flattenScriptReference(ctx: CompileContext, args: CallArgs): CallArgs | undefined {
  const fn = 'px.script_reference';
  const bound = bindArgs(ctx, args, fn, [
    { name: 'label' },
    { name: 'script' },
    { name: 'args', optional: true },
  ]);
  if (bound === undefined) return undefined;
  const dict = bound.get('args');
  const dictSpan = bound.span('args');
  if (dict?.kind === 'error') return undefined;
  if (dict !== undefined && dict.kind !== 'dict' && dict.kind !== 'none') {
    wrongType(ctx, `${fn}() args`, 'a dict of argument names to values', dict, dictSpan);
    return undefined;
  }
  const entries = dict?.kind === 'dict' ? [...dict.entries] : [];
  const positional: Value[] = [bound.get('label') as Value, bound.get('script') as Value];
  const spans: Span[] = [bound.span('label'), bound.span('script')];
  for (const [name, value] of entries) {
    positional.push(constant(name), value);
    spans.push(dictSpan, dictSpan);
  }
  return { positional, keywords: new Map(), spans, keywordSpans: new Map(), span: args.span };
}
