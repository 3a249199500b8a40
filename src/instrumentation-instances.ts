/**
 * The user's OpenTelemetry instrumentation instances (`instrumentations: [new XInstrumentation()]`),
 * enabled with this SDK's providers: tracer always, meter and logger where the runtime has them
 * running. Upstream instances enable themselves when constructed and then record through the
 * global providers; setting ours explicitly keeps them on this SDK even if something else
 * registers globally, gives them a meter and logger, and lets `shutdown()` disable them.
 *
 * Handed in by the platforms that take instances (Node, the bundled browser build), so the script
 * tag does not carry it.
 */
import { diag, type MeterProvider, type TracerProvider } from '@opentelemetry/api';
import type { Platform } from './platform';
import type { LoggerProvider } from '@opentelemetry/api-logs';
import type { Instrumentation } from './config/extension-types';
import { describe, type Report } from './user-pipeline';

export interface InstrumentationProviders {
  tracerProvider: TracerProvider;
  meterProvider?: MeterProvider;
  loggerProvider?: LoggerProvider;
}

/** Enables each instance; one that throws is reported and left out. Returns what disables them. */
export function enableInstrumentations(instances: readonly Instrumentation[], providers: InstrumentationProviders, report: Report): () => void {
  const enabled: Instrumentation[] = [];
  for (const instance of instances) {
    try {
      instance.setTracerProvider(providers.tracerProvider);
      if (providers.meterProvider) instance.setMeterProvider(providers.meterProvider);
      if (providers.loggerProvider) instance.setLoggerProvider?.(providers.loggerProvider);
      instance.enable();
      enabled.push(instance);
    } catch (error) {
      report(`the instrumentation ${String(instance.instrumentationName)} could not be enabled (${describe(error)}); it records nothing.`);
    }
  }
  return () => {
    for (const instance of enabled) {
      try {
        instance.disable();
      } catch {
        // Stopping is best effort: the SDK is going away either way.
      }
    }
  };
}

/**
 * A platform's `instrument` that also enables the user's instances (the bundled browser build and
 * the edge build: both take instances and have nothing else to start for them).
 */
export function withInstrumentationInstances(instrument: Platform['instrument']): Platform['instrument'] {
  return (tracerProvider, config, meterProvider, loggerProvider) => {
    const stop = instrument(tracerProvider, config, meterProvider, loggerProvider);
    const stopUser = enableInstrumentations(config.instrumentationInstances ?? [], { tracerProvider, meterProvider, loggerProvider }, (m) => diag.warn(m));
    return () => {
      stopUser();
      stop();
    };
  };
}
