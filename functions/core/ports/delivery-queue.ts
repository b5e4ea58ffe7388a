/**
 * The worker's queue (SQS). A message carries only an id and the worker loads the rest:
 * a delivery to attempt, or a notice whose fan-out to go on expanding.
 */
export interface DeliveryQueue {
  enqueue(deliveryIds: string[]): Promise<void>;
  /**
   * Asks the worker to go on expanding the fan-out of notice `noticeId` where it stands
   * (issue #14 item 5), so that a notice to the whole country does not wait for the
   * sweep between the accepting request and the next expander. At least once: a
   * repeated message finds the fan-out further on, or complete, and writes nothing twice.
   */
  enqueueFanout(noticeId: string): Promise<void>;
}
