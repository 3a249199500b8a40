import { describe, expect, it } from 'vitest';
import { resolveConfig, NODE_RUNTIME, BROWSER_RUNTIME } from './resolve';
import { NODE_INSTRUMENTATIONS, resolveInstrumentations } from './instrumentations';
import { resolveBrowserSettings } from './browser-settings';

const NODE_WITH_LIBS = NODE_RUNTIME;

const OFFERED = ['http', 'express', 'pg', 'pino'];

describe('resolveInstrumentations', () => {
  it('offers everything by default', () => {
    expect(resolveInstrumentations(OFFERED, {}, undefined)).toEqual({ names: OFFERED, instances: [], problems: [] });
  });
  it('OTEL_NODE_ENABLED_INSTRUMENTATIONS keeps only the listed names, in the runtime order', () => {
    expect(resolveInstrumentations(OFFERED, { OTEL_NODE_ENABLED_INSTRUMENTATIONS: ' PG , http' }, undefined).names).toEqual(['http', 'pg']);
  });
  it('OTEL_NODE_DISABLED_INSTRUMENTATIONS removes names, upstream package names included', () => {
    expect(resolveInstrumentations(OFFERED, { OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'express,@opentelemetry/instrumentation-pino' }, undefined).names).toEqual(['http', 'pg']);
  });
  it('the option has the last word per name', () => {
    expect(resolveInstrumentations(OFFERED, { OTEL_NODE_ENABLED_INSTRUMENTATIONS: 'http', OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'pg' }, { pg: true, http: false }).names).toEqual(['pg']);
  });
  it('reports unknown names from env and option in one message and ignores them', () => {
    const { names, problems } = resolveInstrumentations(OFFERED, { OTEL_NODE_ENABLED_INSTRUMENTATIONS: 'http,nope', OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'fs' }, { bogus: false });
    expect(names).toEqual(['http']);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toMatch(/'nope', 'fs', 'bogus'/);
  });
  it('a non-object option is one message, never a throw', () => {
    const { names, problems } = resolveInstrumentations(OFFERED, {}, 'pg');
    expect(names).toEqual(OFFERED);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toMatch(/; ignored\.$/);
  });
  it('an array takes instances and switch objects together; other entries are one message', () => {
    const kafka = fakeInstrumentation('@opentelemetry/instrumentation-kafkajs');
    const { names, instances, problems } = resolveInstrumentations(OFFERED, {}, [kafka, { pg: false }, 'pino', null, { express: false }]);
    expect(instances).toEqual([kafka]);
    expect(names).toEqual(['http', 'pino']);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toMatch(/2 entries ignored/);
  });
});

/** The methods the SDK calls, as any copy of @opentelemetry/instrumentation has them. */
function fakeInstrumentation(instrumentationName: string) {
  return { instrumentationName, enable() {}, disable() {}, setTracerProvider() {}, setMeterProvider() {} };
}

describe('resolveConfig instrumentations', () => {
  it('Node reads the env vars; the option is a known option', () => {
    const { config, problems } = resolveConfig({ instrumentations: { winston: false } }, { OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'koa' }, NODE_WITH_LIBS);
    expect(config.instrumentations).not.toContain('koa');
    expect(config.instrumentations).not.toContain('winston');
    expect(config.instrumentations).toContain('express');
    expect(problems).toEqual([]);
  });
  it('browsers offer none and carry no resolver: the setting is inert there', () => {
    const { config, problems } = resolveConfig({ instrumentations: { express: true } }, {}, BROWSER_RUNTIME);
    expect(config.instrumentations).toEqual([]);
    expect(problems).toEqual([]);
  });
  it('Node and the bundled browser build keep instances in config.instrumentationInstances', () => {
    const ui = fakeInstrumentation('@opentelemetry/instrumentation-user-interaction');
    expect(resolveConfig({ instrumentations: [ui] }, {}, NODE_WITH_LIBS).config.instrumentationInstances).toEqual([ui]);
    const bundled = { ...BROWSER_RUNTIME, settings: resolveBrowserSettings };
    const { config, problems } = resolveConfig({ instrumentations: [ui, 42] } as never, {}, bundled);
    expect(config.instrumentationInstances).toEqual([ui]);
    expect(problems.map((p) => p.message)).toEqual([expect.stringMatching(/^Configuration: instrumentations is invalid, expected instrumentation instances .*; ignoring 1 entry\.$/)]);
  });
  it('an empty env var counts as unset', () => {
    expect(resolveInstrumentations(OFFERED, { OTEL_NODE_ENABLED_INSTRUMENTATIONS: '' }, undefined).names).toEqual(OFFERED);
  });
});
