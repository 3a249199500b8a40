import { prepareConsumer } from './fixtures/consumer.mjs';

/** Once per run: pack the package and install the tarball into the scratch consumer project. */
export default function globalSetup(): void {
  const started = Date.now();
  const consumer = prepareConsumer();
  process.env.CLICKSTACK_E2E_CONSUMER = consumer.dir;
  console.log(
    `[e2e] consumer ready (${consumer.reused ? 'reused' : 'fresh install'}, clickstack-otel ${consumer.version}, ` +
      `${Date.now() - started} ms): ${consumer.dir}`,
  );
}
