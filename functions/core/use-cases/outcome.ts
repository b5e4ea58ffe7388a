import type { Receipt } from '../model/messages.js';

/** What a write use case answers: the receipt and the status it was first answered with. */
export interface Accepted {
  statusCode: 200 | 201;
  receipt: Receipt;
  /** True when this is a replay answered from the stored receipt. */
  replayed: boolean;
}
