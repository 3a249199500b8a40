/**
 * The user's log record processors and `beforeSendLog` on the browser's light pipeline
 * (./light-log-pipeline.ts), for the bundled build only (the script tag takes neither): each record
 * goes through the processors (guarded, src/user-pipeline.ts) in order, then through the hook;
 * the processors' `forceFlush` and `shutdown` run with the pipeline's.
 */
import type { LogPipeline, LogPipelineParams } from './log-pipeline';
import { createLightLogPipeline } from './light-log-pipeline';

export function createLightLogPipelineWithProcessors(params: LogPipelineParams): LogPipeline {
  const processors = params.user?.logs ?? [];
  const beforeSend = params.user?.beforeSendLog;
  if (!processors.length && !beforeSend) return createLightLogPipeline(params);
  const pipeline = createLightLogPipeline({
    ...params,
    beforeSend: (record, context) => {
      for (const p of processors) p.onEmit(record as never, context);
      return beforeSend ? beforeSend(record) : record;
    },
  });
  const all = (m: 'forceFlush' | 'shutdown') => () => Promise.all([pipeline[m](), ...processors.map((p) => p[m]())]).then(() => {});
  return { provider: pipeline.provider, forceFlush: all('forceFlush'), shutdown: all('shutdown') };
}
