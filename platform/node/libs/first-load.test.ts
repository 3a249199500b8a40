import { createRequire } from 'node:module';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { onFirstLoad, packageOf } from './first-load';

describe('packageOf', () => {
  it.each([
    ['express', 'express'],
    ['express/lib/router', 'express'],
    ['@redis/client', '@redis/client'],
    ['@redis/client/dist/x.js', '@redis/client'],
    ['/app/node_modules/express/index.js', 'express'],
    ['/app/node_modules/.pnpm/pg@8/node_modules/pg/lib/index.js', 'pg'],
    ['/app/node_modules/@fastify/otel/index.js', '@fastify/otel'],
    ['C:\\app\\node_modules\\koa\\lib\\application.js', 'koa'],
    ['./local', undefined],
    ['node:http', undefined],
    ['/app/src/server.js', undefined],
    ['@scope', undefined],
  ])('%s → %s', (request, expected) => expect(packageOf(request)).toBe(expected));
});

describe('onFirstLoad', () => {
  let stop = () => {};
  afterEach(() => stop());
  const require = createRequire(import.meta.url);

  it('calls the trigger once, before the package loads, for any of its names; then gets out of the way', () => {
    const seenInCache: boolean[] = [];
    const trigger = vi.fn(() => seenInCache.push(Object.keys(require.cache).some((k) => k.includes('/node_modules/ms/'))));
    // `ms` is a small CommonJS package of the repo's dev tree, not loaded by anything else here.
    for (const k of Object.keys(require.cache)) if (k.includes('/node_modules/ms/')) delete require.cache[k];
    stop = onFirstLoad(new Map([['ms', trigger], ['ms-alias', trigger]]));
    expect(require('ms')('1s')).toBe(1000);
    require('ms');
    expect(trigger).toHaveBeenCalledOnce();
    expect(seenInCache).toEqual([false]);
  });

  it('stop() puts Module._load back', () => {
    const Module = require('node:module') as { _load: unknown };
    const before = Module._load;
    const s = onFirstLoad(new Map([['nothing-loads-this', () => {}]]));
    expect(Module._load).not.toBe(before);
    s();
    expect(Module._load).toBe(before);
  });
});
