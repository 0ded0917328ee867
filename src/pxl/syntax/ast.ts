import type { Span } from './span.js';

/**
 * The PxL syntax tree: plain data, one interface per node, discriminated by `kind`. Every
 * node carries the span of the source text it came from. Optional parts are present as
 * `undefined` rather than missing, so every node of a kind has the same shape.
 */
interface NodeOf<K extends string> {
  readonly kind: K;
  readonly span: Span;
}

/** A name as written in the source where it is not an expression: `attr` in `df.attr`. */
export interface Identifier extends NodeOf<'Identifier'> {
  readonly name: string;
}

export interface Module extends NodeOf<'Module'> {
  readonly fileName: string;
  readonly body: readonly Statement[];
}

// ─── Statements ────────────────────────────────────────────────────────────────────────

/** `import px`, `import a.b as c, d`. */
export interface Import extends NodeOf<'Import'> {
  readonly names: readonly ImportAlias[];
}

/** `from x import y`: parsed so that the checker can explain why it is refused. */
export interface ImportFrom extends NodeOf<'ImportFrom'> {
  readonly module: string;
  readonly names: readonly ImportAlias[];
}

/** One imported name; `name` is dotted (`px.otel`) or `*`. */
export interface ImportAlias extends NodeOf<'ImportAlias'> {
  readonly name: string;
  readonly asName: Identifier | undefined;
}

export interface ExprStatement extends NodeOf<'ExprStatement'> {
  readonly expr: Expression;
}

/** `a = e`, `df.col = e`, `df['col'] = e`, `a, b = e`, and chains `a = b = e`. */
export interface Assign extends NodeOf<'Assign'> {
  readonly targets: readonly AssignTarget[];
  readonly value: Expression;
}

export type AugmentedOperator =
  '+' | '-' | '*' | '/' | '//' | '%' | '**' | '&' | '|' | '^' | '<<' | '>>';

/** `a += e`: the operator is the binary one (`+` for `+=`). */
export interface AugAssign extends NodeOf<'AugAssign'> {
  readonly target: Name | Attribute | Subscript;
  readonly op: AugmentedOperator;
  readonly value: Expression;
}

/** `def name(a: type = default, ...) -> ret:` with its body. The span starts at the first decorator, if any. */
export interface FunctionDef extends NodeOf<'FunctionDef'> {
  readonly name: Identifier;
  readonly params: readonly Param[];
  readonly returns: Expression | undefined;
  readonly body: readonly Statement[];
  readonly decorators: readonly Expression[];
}

/** A function or lambda parameter; lambdas never have annotations. */
export interface Param extends NodeOf<'Param'> {
  readonly name: Identifier;
  readonly annotation: Expression | undefined;
  readonly default: Expression | undefined;
}

export interface Return extends NodeOf<'Return'> {
  readonly value: Expression | undefined;
}

/** `if`; an `elif` is an `If` alone in `orelse`, as in Python's own tree. */
export interface If extends NodeOf<'If'> {
  readonly test: Expression;
  readonly body: readonly Statement[];
  readonly orelse: readonly Statement[];
}

export type Pass = NodeOf<'Pass'>;

export type Statement =
  Import | ImportFrom | ExprStatement | Assign | AugAssign | FunctionDef | Return | If | Pass;

/** What may stand left of `=`. Tuple and list targets hold only names, attributes and subscripts. */
export type AssignTarget = Name | Attribute | Subscript | Tuple | List;

// ─── Expressions ───────────────────────────────────────────────────────────────────────

export interface Name extends NodeOf<'Name'> {
  readonly id: string;
}

/** An integer literal; PxL integers are 64-bit, the lexer rejects anything wider. */
export interface Int extends NodeOf<'Int'> {
  readonly value: bigint;
}

export interface Float extends NodeOf<'Float'> {
  readonly value: number;
}

/** A string literal; adjacent literals (`'a' 'b'`) are already joined. */
export interface Str extends NodeOf<'Str'> {
  readonly value: string;
}

export interface Bool extends NodeOf<'Bool'> {
  readonly value: boolean;
}

export type NoneLiteral = NodeOf<'None'>;

export interface List extends NodeOf<'List'> {
  readonly elements: readonly Expression[];
}

/** `(a, b)`, or a bare `a, b` (`parenthesized` false; then the span has no parentheses). */
export interface Tuple extends NodeOf<'Tuple'> {
  readonly elements: readonly Expression[];
  readonly parenthesized: boolean;
}

export interface Dict extends NodeOf<'Dict'> {
  readonly entries: readonly DictEntry[];
}

export interface DictEntry extends NodeOf<'DictEntry'> {
  readonly key: Expression;
  readonly value: Expression;
}

export interface Attribute extends NodeOf<'Attribute'> {
  readonly value: Expression;
  readonly attr: Identifier;
}

/** `df[cond]`, `df[['a','b']]`, `df['a','b']` (index is a Tuple), `s[1:2]` (index is a Slice). */
export interface Subscript extends NodeOf<'Subscript'> {
  readonly value: Expression;
  readonly index: Expression | Slice;
}

/** `lower:upper:step`, only as a subscript index or an element of a tuple index. */
export interface Slice extends NodeOf<'Slice'> {
  readonly lower: Expression | undefined;
  readonly upper: Expression | undefined;
  readonly step: Expression | undefined;
}

export interface Call extends NodeOf<'Call'> {
  readonly func: Expression;
  readonly args: readonly Expression[];
  readonly keywords: readonly Keyword[];
}

/** `name=value` in a call. */
export interface Keyword extends NodeOf<'Keyword'> {
  readonly name: Identifier;
  readonly value: Expression;
}

export type BinaryOperator =
  '|' | '^' | '&' | '<<' | '>>' | '+' | '-' | '*' | '/' | '//' | '%' | '**';

export interface BinOp extends NodeOf<'BinOp'> {
  readonly op: BinaryOperator;
  readonly left: Expression;
  readonly right: Expression;
}

export type UnaryOperator = '-' | '+' | '~' | 'not';

export interface UnaryOp extends NodeOf<'UnaryOp'> {
  readonly op: UnaryOperator;
  readonly operand: Expression;
}

/** `a and b`, `a or b`; a chain `a or b or c` nests to the left. */
export interface BoolOp extends NodeOf<'BoolOp'> {
  readonly op: 'and' | 'or';
  readonly left: Expression;
  readonly right: Expression;
}

export type CompareOperator =
  '<' | '>' | '==' | '!=' | '<=' | '>=' | 'in' | 'not in' | 'is' | 'is not';

/**
 * A comparison, possibly chained: `a < b <= c` has `left` a, `ops` ['<', '<='] and
 * `comparators` [b, c], and means `a < b and b <= c` (as in Python).
 */
export interface Compare extends NodeOf<'Compare'> {
  readonly left: Expression;
  readonly ops: readonly CompareOperator[];
  readonly comparators: readonly Expression[];
}

/** `body if test else orelse`. */
export interface IfExp extends NodeOf<'IfExp'> {
  readonly test: Expression;
  readonly body: Expression;
  readonly orelse: Expression;
}

export interface Lambda extends NodeOf<'Lambda'> {
  readonly params: readonly Param[];
  readonly body: Expression;
}

export type Expression =
  | Name
  | Int
  | Float
  | Str
  | Bool
  | NoneLiteral
  | List
  | Tuple
  | Dict
  | Attribute
  | Subscript
  | Call
  | BinOp
  | UnaryOp
  | BoolOp
  | Compare
  | IfExp
  | Lambda;

export type Node =
  Module | Statement | Expression | Identifier | ImportAlias | Param | Keyword | DictEntry | Slice;

/** The docstring of a module or function body: a string literal as its first statement. */
export function docstringOf(body: readonly Statement[]): string | undefined {
  const first = body[0];
  return first?.kind === 'ExprStatement' && first.expr.kind === 'Str'
    ? first.expr.value
    : undefined;
}
