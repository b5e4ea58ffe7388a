/** Hands delivery ids to the delivery queue (SQS). Messages carry only the id; the worker loads the rest. */
export interface DeliveryQueue {
  enqueue(deliveryIds: string[]): Promise<void>;
}
