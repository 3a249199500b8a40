/**
 * The PEM files of `OTEL_EXPORTER_OTLP_CERTIFICATE` / `…_CLIENT_KEY` / `…_CLIENT_CERTIFICATE`
 * (src/config/node-settings.ts), read once per path when the exporter is made. A file that cannot
 * be read gives one `[clickstack-otel]` message and is left out: the export then uses Node's
 * default trust, which fails loudly for a private CA instead of silently trusting anything.
 */
import { readFileSync } from 'node:fs';
import { diag } from '@opentelemetry/api';
import type { TlsFiles } from '../../src/config/node-settings';

/** Contents, as `tls.connect` takes them. */
export type TlsMaterial = { [K in keyof TlsFiles]?: string };

const cache = new Map<string, string | undefined>();

function read(path: string, what: string): string | undefined {
  if (!cache.has(path)) {
    let text: string | undefined;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      diag.warn(`cannot read the ${what} file ${path} (${(error as NodeJS.ErrnoException).code ?? String(error)}); exports use Node's default TLS settings without it.`);
    }
    cache.set(path, text);
  }
  return cache.get(path);
}

export function readTlsMaterial(files: TlsFiles | undefined): TlsMaterial {
  const out: TlsMaterial = {};
  const ca = files?.ca && read(files.ca, 'OTLP CA certificate');
  if (ca) out.ca = ca;
  if (files?.cert && files.key) {
    const cert = read(files.cert, 'OTLP client certificate');
    const key = read(files.key, 'OTLP client key');
    // One without the other cannot authenticate.
    if (cert && key) Object.assign(out, { cert, key });
  }
  return out;
}
