import { createCollectorHandler } from './commons/sweep-handlers.ts';
import { environmentSweeper } from './commons/sweep-services.ts';

/**
 * The collector: an SQS event source (batch size up to 10, ReportBatchItemFailures on) sweeps one
 * environment per message and reports the failed ones in `batchItemFailures`; see
 * `commons/sweep-handlers.ts`.
 */
export const handler = createCollectorHandler({ sweeper: environmentSweeper });
