/**
 * Node-compatible runtimes that lack parts the Node SDK relies on. Bun (checked with 1.4.5)
 * publishes the `http.client.*` diagnostics channels but neither `http.server.request.start` /
 * `http.server.response.finish` nor undici's, so under Bun there are no server spans and no spans
 * for global `fetch`; outgoing `http.request` calls and manual spans still work. Deno (2.9.6)
 * publishes the server channels (server spans arrive, parented by the incoming traceparent) but
 * not the client ones for `node:http` (e2e/cases/bun-deno records both). Printed once at init so
 * a Bun user does not hunt for missing spans.
 */
import { diag } from '@opentelemetry/api';

export function warnUnsupportedRuntime(): void {
  const bun = (process.versions as { bun?: string }).bun;
  if (bun) {
    diag.warn(
      `Bun ${bun} does not publish Node's http.server and undici diagnostics channels: incoming HTTP requests and global fetch() are not traced (outgoing http.request calls and manual spans are).`,
    );
  }
}
