import { PxError } from '../shared/errors.js';

/** A caller handed the store something it cannot hold (wrong table, column or type). */
export class StoreError extends PxError {
  override name = 'StoreError';
  constructor(message: string) {
    super(message, 'store.invalid_batch');
  }
}
