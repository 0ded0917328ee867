import { checkError } from '../plan/diagnostics.js';
import type { Join } from '../plan/nodes.js';
import { fieldIndex, type Field, type Relation } from '../plan/types.js';
import { unknownColumn } from './bind-expr.js';

const NUMBERS = new Set(['INT64', 'FLOAT64']);

/** Key column indices of both sides, checked for existence and comparable types. */
export function joinKeys(
  node: Join,
  left: Relation,
  right: Relation,
): { left: number[]; right: number[] } {
  if (node.leftOn.length === 0 || node.leftOn.length !== node.rightOn.length) {
    throw checkError(
      'join-keys',
      `merge() needs as many left_on as right_on columns (at least one), got ${node.leftOn.length} and ${node.rightOn.length}`,
      node.span,
    );
  }
  const find = (relation: Relation, name: string): number => {
    const index = fieldIndex(relation, name);
    if (index < 0) throw unknownColumn(name, relation, node.span);
    return index;
  };
  const l = node.leftOn.map((name) => find(left, name));
  const r = node.rightOn.map((name) => find(right, name));
  l.forEach((li, k) => {
    const a = left[li] as Field;
    const b = right[r[k] as number] as Field;
    if (a.type !== b.type && !(NUMBERS.has(a.type) && NUMBERS.has(b.type))) {
      throw checkError(
        'join-key-types',
        `cannot join ${a.name} (${a.type}) with ${b.name} (${b.type})`,
        node.span,
      );
    }
  });
  return { left: l, right: r };
}

/**
 * Left columns then right columns; a name on both sides gets the left or right suffix (join
 * keys too, as in Pixie, which then drops `key_x`/`key_y` as it needs).
 */
export function joinRelation(node: Join, left: Relation, right: Relation): Relation {
  const leftNames = new Set(left.map((f) => f.name));
  const rightNames = new Set(right.map((f) => f.name));
  const [leftSuffix, rightSuffix] = node.suffixes;
  const relation: Field[] = [
    ...left.map((f) => (rightNames.has(f.name) ? { ...f, name: f.name + leftSuffix } : f)),
    ...right.map((f) => (leftNames.has(f.name) ? { ...f, name: f.name + rightSuffix } : f)),
  ];
  const seen = new Set<string>();
  for (const field of relation) {
    if (seen.has(field.name)) {
      throw checkError(
        'duplicate-column',
        `merge() produces column '${field.name}' twice`,
        node.span,
        'choose other suffixes',
      );
    }
    seen.add(field.name);
  }
  return relation;
}
