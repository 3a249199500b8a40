/**
 * Node-compatible runtimes that lack parts the Node SDK relies on. Bun (checked with 1.4.5)
 * publishes the `http.client.*` diagnostics channels but neither `http.server.request.start` /
 * `http.server.response.finish` nor undici's, so under Bun there are no server spans and no spans
 * for global `fetch`; outgoing `http.request` calls and manual spans still work, the former only
 * when the SDK subscribed before `node:http` was first loaded (Bun seems to decide at load time
 * whether to publish: with a static `import 'node:http'` ahead of `init()` no client span comes). Deno (2.9.6)
 * publishes the server channels (server spans arrive, parented by the incoming traceparent) but
 * not the client ones for `node:http` (e2e/cases/bun-deno records both). Printed once at init so
 * a Bun user does not hunt for missing spans.
 */
import { diag } from '@opentelemetry/api';

export function warnUnsupportedRuntime(): void {
  const bun = (process.versions as { bun?: string }).bun;
  if (bun) {
    diag.warn(
      `Bun ${bun} does not publish Node's http.server and undici diagnostics channels: incoming HTTP requests and global fetch() are not traced; outgoing http.request calls are only when the SDK starts before node:http is first imported (bun --preload clickstack-otel/register).`,
    );
  }
}
