import { expect, test } from '../../fixtures/test';

test('OTEL_EXPORTER_OTLP_ENDPOINT that is not a URL: one message, the app keeps working and exits normally', async ({ consumer, startNode }) => {
  const dir = consumer.stage('bad-endpoint.mjs');
  const app = startNode({
    script: `${dir}/bad-endpoint.mjs`,
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'not a url', OTEL_SERVICE_NAME: 'bad-endpoint', OTEL_BSP_SCHEDULE_DELAY: '100' },
  });
  const { url } = await app.ready();
  for (const path of ['/a', '/b', '/c']) expect(await (await fetch(`${url}${path}`)).text()).toBe(`served ${path}`);
  // Long enough for a few batch intervals: a broken exporter would complain again here.
  await new Promise((r) => setTimeout(r, 400));
  await fetch(`${url}/shutdown`);
  expect(await app.waitForExit(5_000)).toEqual({ code: 0, signal: null });

  const messages = app.output().split('\n').filter((l) => l.includes('[clickstack-otel]'));
  expect(messages, app.output()).toHaveLength(1);
  expect(messages[0]).toContain('OTEL_EXPORTER_OTLP_ENDPOINT');
  expect(messages[0]).toContain('not a url');
  expect(app.stderr()).toContain(messages[0]!);
});
