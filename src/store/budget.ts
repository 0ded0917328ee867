/** Default store budget: 5% of the node's memory, as the issue and Pixie's sizing suggest. */
export const DEFAULT_BUDGET_FRACTION = 0.05;

export function defaultBudgetBytes(memTotalBytes: number): number {
  return Math.floor(memTotalBytes * DEFAULT_BUDGET_FRACTION);
}
