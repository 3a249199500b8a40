import { expect, find, SpanKind, test } from '../../fixtures/test';

test('DEBUG=true prints readable span lines and never the API key', async ({ collector, consumer, startNode }) => {
  const secret = 'secret-key-xyz';
  const dir = consumer.stage('debug.mjs');
  const app = startNode({
    script: `${dir}/debug.mjs`,
    env: { DEBUG: 'true', HYPERDX_API_KEY: secret, OTEL_SERVICE_NAME: 'debug-scenario', OTEL_EXPORTER_OTLP_ENDPOINT: collector.url },
  });
  expect(await app.waitForExit(10_000)).toEqual({ code: 0, signal: null });
  const output = app.output();

  // One block per span, as each ends: the server span and the fetch client span.
  expect(output).toMatch(/\[clickstack-otel\] span "GET" server [\d.]+ ms trace=[0-9a-f]{32} span=[0-9a-f]{16} parent=[0-9a-f]{16}/);
  expect(output).toMatch(/\[clickstack-otel\] span "GET" client [\d.]+ ms trace=[0-9a-f]{32} span=[0-9a-f]{16} parent=-/);
  expect(output).toContain('url.path=/hello');
  expect(output).toMatch(/\[clickstack-otel\] debug mode: service=debug-scenario .*authorization=<redacted>/);
  expect(output).not.toContain(secret);

  // The key was really in use, and the exported (not printed) data is untouched.
  const spans = collector.spans();
  const client = find.urlEndsWith(spans, `/hello?key=${secret}`, SpanKind.CLIENT);
  expect(client, 'the client span was exported with its full URL').toBeDefined();
  expect(client!.requestHeaders.authorization).toBe(secret);
  expect(output).toContain(`trace=${client!.traceId} span=${client!.spanId}`);
});
