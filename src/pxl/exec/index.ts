export { checkPlan, executePlan, executeQuery } from './execute.js';
export {
  DEFAULT_MAX_ROWS,
  DEFAULT_TIMEOUT_MS,
  type ExecOptions,
  type TableSource,
} from './context.js';
export { cellValue, type ResultColumn, type ResultTable } from './result.js';
