/**
 * The delivery queue in memory: what was enqueued, in order, and a "dependency down"
 * switch (SQS down: the hand-off fails and the deliveries wait in the outbox).
 */
import { DependencyUnavailableError } from '../../core/errors.js';
import type { DeliveryQueue } from '../../core/ports/delivery-queue.js';

export interface MemoryDeliveryQueue extends DeliveryQueue {
  /** Every delivery id enqueued so far, oldest first. */
  readonly enqueued: string[];
  /** Every notice whose fan-out the worker was asked to go on with, oldest first. */
  readonly fanouts: string[];
  /** Visibility changes the worker asked for (receipt handle → seconds). */
  readonly visibility: Array<{ receiptHandle: string; seconds: number }>;
  changeVisibility(receiptHandle: string, seconds: number): Promise<void>;
  setDown(down: boolean): void;
}

export function createMemoryDeliveryQueue(): MemoryDeliveryQueue {
  let down = false;
  const enqueued: string[] = [];
  const fanouts: string[] = [];
  const visibility: Array<{ receiptHandle: string; seconds: number }> = [];
  const guard = async () => {
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (down) throw new DependencyUnavailableError('SQS');
  };
  return {
    enqueued,
    fanouts,
    visibility,
    async enqueue(ids) {
      await guard();
      enqueued.push(...ids);
    },
    async enqueueFanout(noticeId) {
      await guard();
      fanouts.push(noticeId);
    },
    async changeVisibility(receiptHandle, seconds) {
      await guard();
      visibility.push({ receiptHandle, seconds });
    },
    setDown(value) {
      down = value;
    },
  };
}
