/**
 * The queues, described once as plain data so that local provisioning
 * (`functions/local/provision.ts`) and the CDK stateful stack build the same set.
 */

/** Logical queue names; physical names add a per-environment prefix. */
export const QUEUE = {
  deliveries: 'deliveries',
  deliveriesDlq: 'deliveries-dlq',
} as const;

/** A dead-letter queue attached to a work queue. */
export interface DeadLetterDefinition {
  logicalName: string;
  /** Receives before SQS moves a message to the DLQ. */
  maxReceiveCount: number;
  /** Kept long so an operator has time to inspect and redrive. */
  retentionSeconds: number;
}

/** A work queue and its DLQ. */
export interface QueueDefinition {
  logicalName: string;
  /** Must exceed the consumer's worst-case processing time, or messages are handled twice. */
  visibilityTimeoutSeconds: number;
  retentionSeconds: number;
  deadLetter: DeadLetterDefinition;
}

const FOUR_DAYS_SECONDS = 4 * 24 * 60 * 60;
const FOURTEEN_DAYS_SECONDS = 14 * 24 * 60 * 60;

/** Every queue the gateway uses; add entries here, never ad hoc. */
export const QUEUE_DEFINITIONS: readonly QueueDefinition[] = [
  {
    logicalName: QUEUE.deliveries,
    visibilityTimeoutSeconds: 60,
    retentionSeconds: FOUR_DAYS_SECONDS,
    deadLetter: {
      logicalName: QUEUE.deliveriesDlq,
      // Only a message that cannot be read, or whose processing keeps crashing, gets
      // here: the retry schedule of a failing webhook (up to 24 h between attempts) is
      // kept with the delivery in DynamoDB, and a failed delivery stays there, redrivable.
      maxReceiveCount: 8,
      retentionSeconds: FOURTEEN_DAYS_SECONDS,
    },
  },
];

/** The physical queue name for a logical one: `<prefix>-<logical>`, or the logical name alone. */
export function physicalQueueName(prefix: string, logicalName: string): string {
  return prefix === '' ? logicalName : `${prefix}-${logicalName}`;
}
