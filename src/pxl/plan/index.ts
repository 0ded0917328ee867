export * from './expr.js';
export type * from './nodes.js';
export {
  fieldIndex,
  isNumeric,
  type DataType,
  type Field,
  type Relation,
  type ScalarValue,
} from './types.js';
export { checkError, runtimeError } from './diagnostics.js';
