import type { Node } from './ast.js';

/** The direct children of a node, in source order. */
export function childNodes(node: Node): Node[] {
  switch (node.kind) {
    case 'Module':
      return [...node.body];
    case 'Import':
    case 'ImportFrom':
      return [...node.names];
    case 'ImportAlias':
      return node.asName === undefined ? [] : [node.asName];
    case 'ExprStatement':
      return [node.expr];
    case 'Assign':
      return [...node.targets, node.value];
    case 'AugAssign':
      return [node.target, node.value];
    case 'FunctionDef':
      return [
        ...node.decorators,
        node.name,
        ...node.params,
        ...defined(node.returns),
        ...node.body,
      ];
    case 'Param':
      return [node.name, ...defined(node.annotation), ...defined(node.default)];
    case 'Return':
      return defined(node.value);
    case 'If':
      return [node.test, ...node.body, ...node.orelse];
    case 'List':
    case 'Tuple':
      return [...node.elements];
    case 'Dict':
      return [...node.entries];
    case 'DictEntry':
      return [node.key, node.value];
    case 'Attribute':
      return [node.value, node.attr];
    case 'Subscript':
      return [node.value, node.index];
    case 'Slice':
      return [...defined(node.lower), ...defined(node.upper), ...defined(node.step)];
    case 'Call':
      return [node.func, ...node.args, ...node.keywords];
    case 'Keyword':
      return [node.name, node.value];
    case 'BinOp':
    case 'BoolOp':
      return [node.left, node.right];
    case 'UnaryOp':
      return [node.operand];
    case 'Compare':
      return [node.left, ...node.comparators];
    case 'IfExp':
      return [node.body, node.test, node.orelse];
    case 'Lambda':
      return [...node.params, node.body];
    case 'Pass':
    case 'Identifier':
    case 'Name':
    case 'Int':
    case 'Float':
    case 'Str':
    case 'Bool':
    case 'None':
      return [];
  }
}

/** Every node of the tree, parents before children. */
export function allNodes(root: Node): Node[] {
  const out: Node[] = [];
  const stack: Node[] = [root];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    out.push(node);
    stack.push(...childNodes(node).reverse());
  }
  return out;
}

function defined(node: Node | undefined): Node[] {
  return node === undefined ? [] : [node];
}

/**
 * A node more than `limit` levels below `root`, if there is one. Walks without recursion, so
 * it is safe on any tree the parser can build.
 */
export function nodeDeeperThan(root: Node, limit: number): Node | undefined {
  const stack: [Node, number][] = [[root, 0]];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const [node, depth] = item;
    if (depth > limit) return node;
    // Reversed, so the leftmost deep node is found first and the caret lands at its start.
    for (const child of childNodes(node).reverse()) stack.push([child, depth + 1]);
  }
  return undefined;
}
