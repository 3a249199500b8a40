import { describe, expect, it } from 'vitest';
import { optionsFromDataAttributes } from './data-attributes';
import { resolveConfig, BROWSER_RUNTIME } from './resolve';

describe('optionsFromDataAttributes', () => {
  it('is undefined for a tag without data attributes', () => {
    expect(optionsFromDataAttributes({})).toBeUndefined();
  });

  it('maps a script tag to options that resolve like code options', () => {
    const options = optionsFromDataAttributes({
      apiKey: 'k-1',
      service: 'web',
      url: 'https://otel.example.com',
      tracePropagationTargets: 'https://api.example.com, https://cdn.example.com',
      resourceAttributes: 'deployment.environment.name=prod,team=web',
      batchScheduledDelayMillis: '200',
      logsBatchScheduledDelayMillis: '300',
      consoleCapture: 'true',
      errorCapture: 'false',
      sessionPersistence: 'cookie',
      sessionSampleRate: '0.5',
      debug: 'true',
    })!;
    const { config, problems } = resolveConfig(options, {}, BROWSER_RUNTIME);
    expect(problems).toEqual([]);
    expect(config).toMatchObject({
      serviceName: 'web',
      debug: true,
      resourceAttributes: { 'deployment.environment.name': 'prod', team: 'web' },
      batch: { scheduledDelayMillis: 200 },
      logs: { batch: { scheduledDelayMillis: 300 }, consoleCapture: true },
      errorCapture: false,
      session: { persistence: 'cookie', sampleRate: 0.5 },
    });
    expect(config.traces).toMatchObject({ url: 'https://otel.example.com/v1/traces', headers: { authorization: 'k-1' } });
    expect(config.tracePropagationTargets).toHaveLength(2);
  });

  it('leaves unknown attributes for the resolver to report', () => {
    const { problems } = resolveConfig(optionsFromDataAttributes({ serviceName: 'x' }), {}, BROWSER_RUNTIME);
    expect(problems.map((p) => p.key)).toEqual(['serviceName']);
  });
});
