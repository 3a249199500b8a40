/**
 * signal-exit listens for SIGTERM but only re-raises it when its listener is the last one. With
 * ours present too, each would leave the decision to the other and the process would never end.
 * We recognise signal-exit's listeners, flush, then step aside: the process ends by SIGTERM.
 */
import { expect, find, test } from '../../fixtures/test';

test('SIGTERM to a server whose only other listener is signal-exit: flushed, onExit runs, dies by SIGTERM', async ({ collector, consumer, startNode }) => {
  const dir = consumer.stage('server.mjs');
  const app = startNode({
    script: `${dir}/server.mjs`,
    nodeArgs: ['--import', 'clickstack-otel/register'],
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, OTEL_BSP_SCHEDULE_DELAY: '600000' },
  });
  const { url } = await app.ready();
  await (await fetch(`${url}/before-term`)).text();

  process.kill(app.pid, 'SIGTERM');
  expect(await app.waitForExit(5_000)).toEqual({ code: null, signal: 'SIGTERM' });
  expect(app.stdout()).toContain('{"onExit":{"code":null,"signal":"SIGTERM"}}');
  expect(find.serverPath(collector.spans(), '/before-term'), 'flushed before the process died').toBeDefined();
});
