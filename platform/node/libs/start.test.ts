import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { diag } from '@opentelemetry/api';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import { NODE_INSTRUMENTATIONS } from '../../../src/config/instrumentations';
import { BUILT_IN, LIBRARIES, type LibraryEntry } from './catalog';
import { createInstalledCheck } from './installed';
import { startLibraryInstrumentations } from './start';

function fakeInstrumentation(modules: string[]) {
  return { _modules: modules.map((name) => ({ name })), disable: vi.fn() } as unknown as Instrumentation & { disable: ReturnType<typeof vi.fn> };
}

describe('library catalog', () => {
  it('has one entry per name the config offers, besides the built-in http/undici', () => {
    expect([...BUILT_IN, ...LIBRARIES.map((l) => l.name)].sort()).toEqual([...NODE_INSTRUMENTATIONS].sort());
  });
});

describe('startLibraryInstrumentations', () => {
  afterEach(() => vi.restoreAllMocks());

  it('selects enabled entries whose package is installed, loads each on its first load, watching every package name of each', () => {
    const a = fakeInstrumentation(['liba']);
    const load = { a: vi.fn(() => [a]), b: vi.fn(() => [fakeInstrumentation(['libb'])]), c: vi.fn(() => [fakeInstrumentation(['libc'])]) };
    const libs: LibraryEntry[] = [
      { name: 'a', packages: ['liba', '@liba/core'], load: load.a },
      { name: 'b', packages: ['libb'], load: load.b }, // not installed
      { name: 'c', packages: ['libc'], load: load.c }, // disabled
    ];
    let triggers = new Map<string, () => void>();
    const stopWatching = vi.fn();
    const watch = (t: ReadonlyMap<string, () => void>) => ((triggers = new Map(t)), stopWatching);
    const started = startLibraryInstrumentations(['a', 'b'], (pkg) => pkg !== 'libb', libs, watch);
    expect(started.names).toEqual(['a']);
    expect([...triggers.keys()]).toEqual(['liba', '@liba/core']);
    expect(load.a, 'nothing is read before the library loads').not.toHaveBeenCalled();
    triggers.get('@liba/core')!();
    expect(load.a).toHaveBeenCalledOnce();
    expect(load.b).not.toHaveBeenCalled();
    expect(load.c).not.toHaveBeenCalled();
    started.stop();
    expect(stopWatching).toHaveBeenCalledOnce();
    expect(a.disable).toHaveBeenCalledOnce();
  });

  it('a library whose instrumentation fails to load is skipped with one warning; the others still start', () => {
    const warn = vi.spyOn(diag, 'warn').mockImplementation(() => {});
    const libs: LibraryEntry[] = [
      { name: 'broken', packages: ['x'], load: () => { throw new Error('boom'); } },
      { name: 'fine', packages: ['y'], load: () => [fakeInstrumentation(['y'])] },
    ];
    let triggers = new Map<string, () => void>();
    const started = startLibraryInstrumentations(['broken', 'fine'], () => true, libs, (t) => ((triggers = new Map(t)), () => {}));
    expect(() => triggers.forEach((t) => t())).not.toThrow();
    expect(warn).toHaveBeenCalledOnce();
    expect(String(warn.mock.calls[0]![0])).toContain('broken');
    started.stop();
  });
});

describe('createInstalledCheck', () => {
  let dir: string | undefined;
  afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('finds packages in node_modules of the app folder or a parent, without loading them', () => {
    dir = mkdtempSync(join(tmpdir(), 'cs-installed-'));
    const app = join(dir, 'apps', 'web');
    mkdirSync(join(dir, 'node_modules', '@scope', 'lib'), { recursive: true });
    writeFileSync(join(dir, 'node_modules', '@scope', 'lib', 'package.json'), '{}');
    mkdirSync(join(app, 'node_modules', 'local'), { recursive: true });
    // A package.json that would throw if anything tried to evaluate the package.
    writeFileSync(join(app, 'node_modules', 'local', 'package.json'), '{"main":"missing.js"}');
    const installed = createInstalledCheck([app]);
    expect(installed('local')).toBe(true);
    expect(installed('@scope/lib')).toBe(true);
    expect(installed('absent')).toBe(false);
  });
});
