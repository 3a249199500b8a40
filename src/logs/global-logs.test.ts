import { logs, type LoggerProvider, type LogRecord } from '@opentelemetry/api-logs';
import { afterEach, describe, expect, it } from 'vitest';
import { globalLogger, registerLoggerProvider, unregisterLoggerProvider } from './global-logs';

function recordingProvider() {
  const emitted: [string, LogRecord][] = [];
  const provider: LoggerProvider = { getLogger: (name) => ({ emit: (r) => void emitted.push([name, r]), enabled: () => true }) };
  return { provider, emitted };
}

afterEach(() => {
  unregisterLoggerProvider();
  logs.disable();
});

describe('global logger provider (the api-logs slot)', () => {
  it('registered here, found by @opentelemetry/api-logs', () => {
    const { provider, emitted } = recordingProvider();
    expect(registerLoggerProvider(provider)).toBe(true);
    logs.getLogger('app').emit({ body: 'via api-logs' });
    expect(emitted).toEqual([['app', { body: 'via api-logs' }]]);
  });

  it('registered by api-logs, found here; a second registration here is refused', () => {
    const first = recordingProvider();
    logs.setGlobalLoggerProvider(first.provider);
    expect(registerLoggerProvider(recordingProvider().provider)).toBe(false);
    globalLogger('sdk', '1').emit({ body: 'via ours' });
    expect(first.emitted).toEqual([['sdk', { body: 'via ours' }]]);
  });

  it('without a provider, a logger that drops; after unregistering, api-logs is free again', () => {
    expect(() => globalLogger('x').emit({ body: 'dropped' })).not.toThrow();
    const { provider } = recordingProvider();
    registerLoggerProvider(provider);
    unregisterLoggerProvider();
    const other = recordingProvider();
    expect(logs.setGlobalLoggerProvider(other.provider)).toBe(other.provider);
  });
});
