import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as browser from './browser/index';
import * as node from './node/index';
import * as edge from './edge/index';
import { VERSION } from '../src/version';

describe('platform entrypoints', () => {
  it('export the same names on every platform', () => {
    expect(Object.keys(browser).sort()).toEqual(Object.keys(node).sort());
    expect(Object.keys(edge).sort()).toEqual(Object.keys(node).sort());
    expect(Object.keys(node).sort()).toEqual(['VERSION', 'disableAdvancedNetworkCapture', 'enableAdvancedNetworkCapture', 'forceFlush', 'getSessionId', 'init', 'recordException', 'resolveConfig', 'setGlobalAttributes', 'shutdown', 'withTracing']);
  });

  it('report the version in package.json', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(VERSION).toBe(pkg.version);
  });
});
