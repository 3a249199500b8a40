/**
 * What OpenTelemetry's SDK classes report through @opentelemetry/core's global error handler (a
 * failed BatchSpanProcessor export, a metric reader's collection error, a bundled instrumentation
 * package's complaint), routed through the SDK's logger as one line instead of a JSON dump; export
 * failures our exporter already reported are not repeated. After shutdown, core's own handler
 * again, minus those.
 *
 * Handed in by the platforms whose bundle holds such classes (Node; the bundled browser build,
 * which the app's own OpenTelemetry packages share). The script tag's private copy of core has no
 * caller of the handler, so it carries none of this.
 */
import { loggingErrorHandler, setGlobalErrorHandler } from '@opentelemetry/core';
import { isReportedExportError } from './export/otlp-exporter';

export const otelErrorHandler = {
  install(log: (message: string) => void): void {
    setGlobalErrorHandler((error) => {
      if (!isReportedExportError(error)) log(error instanceof Error ? error.message : String(error));
    });
  },
  restore(): void {
    const fallback = loggingErrorHandler();
    setGlobalErrorHandler((error) => {
      if (!isReportedExportError(error)) fallback(error);
    });
  },
};
