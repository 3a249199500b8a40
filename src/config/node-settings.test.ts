import { describe, expect, it } from 'vitest';
import { BROWSER_RUNTIME, NODE_RUNTIME, resolveConfig } from './resolve';

const node = (options: object | undefined, env: Record<string, string> = {}) => resolveConfig(options as never, env, NODE_RUNTIME);

describe('compression', () => {
  it('defaults to none on every signal', () => {
    const { config, problems } = node(undefined);
    expect([config.traces.compression, config.logs.compression, config.metrics.compression]).toEqual(['none', 'none', 'none']);
    expect(problems).toEqual([]);
  });

  it('option beats the per-signal variable, which beats the generic one', () => {
    const env = { OTEL_EXPORTER_OTLP_COMPRESSION: 'gzip', OTEL_EXPORTER_OTLP_LOGS_COMPRESSION: 'none' };
    const fromEnv = node(undefined, env).config;
    expect([fromEnv.traces.compression, fromEnv.logs.compression, fromEnv.metrics.compression]).toEqual(['gzip', 'none', 'gzip']);
    expect(node({ compression: 'none' }, env).config.traces.compression).toBe('none');
  });

  it('a bad value gives one message naming the key and the fallback, however many signals read it', () => {
    const { config, problems } = node(undefined, { OTEL_EXPORTER_OTLP_COMPRESSION: 'zstd' });
    expect(config.traces.compression).toBe('none');
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toContain('OTEL_EXPORTER_OTLP_COMPRESSION');
    expect(problems[0]!.message).toContain('gzip, none');
  });

  it('browsers take the option (no environment there) and ignore the Node-only ones without a message', () => {
    const { config, problems } = resolveConfig({ compression: 'gzip', resourceDetectors: ['os'] }, {}, BROWSER_RUNTIME);
    expect([config.traces.compression, config.logs.compression, config.metrics.compression]).toEqual(['gzip', 'gzip', 'gzip']);
    expect(resolveConfig(undefined, {}, BROWSER_RUNTIME).config.traces.compression).toBe('none');
    expect(config.resourceDetectors).toBeUndefined();
    expect(problems).toEqual([]);
  });
});

describe('TLS files (Node)', () => {
  it('per-signal paths beat the generic ones; unset means none', () => {
    const { config } = node(undefined, {
      OTEL_EXPORTER_OTLP_CERTIFICATE: '/ca.pem',
      OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE: '/traces-ca.pem',
      OTEL_EXPORTER_OTLP_CLIENT_KEY: '/key.pem',
      OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE: '/cert.pem',
    });
    expect(config.traces.tls).toEqual({ ca: '/traces-ca.pem', key: '/key.pem', cert: '/cert.pem' });
    expect(config.logs.tls).toEqual({ ca: '/ca.pem', key: '/key.pem', cert: '/cert.pem' });
    expect(node(undefined).config.traces.tls).toEqual({});
  });

  it('a client key without its certificate is one message and neither is sent', () => {
    const { config, problems } = node(undefined, { OTEL_EXPORTER_OTLP_CLIENT_KEY: '/key.pem' });
    expect(config.traces.tls).toEqual({});
    expect(problems).toHaveLength(1);
    expect(problems[0]!.key).toBe('OTEL_EXPORTER_OTLP_CLIENT_KEY');
    expect(problems[0]!.message).toContain('no client certificate is sent');
  });
});

describe('resource detectors (Node)', () => {
  it('default all; none; a list; the option beats the env', () => {
    expect(node(undefined).config.resourceDetectors).toEqual(['env', 'host', 'os', 'process', 'container', 'serviceinstance', 'aws', 'azure']);
    expect(node(undefined, { OTEL_NODE_RESOURCE_DETECTORS: 'env,aws,azure' }).config.resourceDetectors).toEqual(['env', 'aws', 'azure']);
    expect(node(undefined, { OTEL_NODE_RESOURCE_DETECTORS: 'none' }).config.resourceDetectors).toEqual([]);
    expect(node(undefined, { OTEL_NODE_RESOURCE_DETECTORS: ' OS, host ' }).config.resourceDetectors).toEqual(['os', 'host']);
    expect(node({ resourceDetectors: ['process'] }, { OTEL_NODE_RESOURCE_DETECTORS: 'all' }).config.resourceDetectors).toEqual(['process']);
  });

  it('an unknown name (a cloud detector we do not run) gives one message and keeps all', () => {
    const { config, problems } = node(undefined, { OTEL_NODE_RESOURCE_DETECTORS: 'host,gcp' });
    expect(config.resourceDetectors).toHaveLength(8);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toContain('OTEL_NODE_RESOURCE_DETECTORS');
    expect(problems[0]!.message).toContain('using all');
  });
});
