/**
 * init() itself over 1,000 generated configurations (the same generator as the resolveConfig
 * fuzz): it never throws, every line it prints carries the `[clickstack-otel]` prefix, the API
 * key and header values never appear in output, and shutdown() always resolves.
 */
import { afterAll, describe, expect, it, vi } from 'vitest';
import { FUZZ_SECRET as SECRET, generateConfig as generate } from '../../src/config/fuzz-inputs.testkit';
import { init } from './index';

const COMBINATIONS = 1_000;
// Exports go nowhere reachable, so nothing waits on a network.
const DEAD = { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://127.0.0.1:9/v1/traces' };

afterAll(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe(`init() over ${COMBINATIONS} generated configurations`, () => {
  it('never throws, prints only prefixed lines, never prints a secret', async () => {
    const printed: string[] = [];
    const capture = (...args: unknown[]) => void printed.push(args.map(String).join(' '));
    for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) vi.spyOn(console, level).mockImplementation(capture);

    for (let seed = 1; seed <= COMBINATIONS; seed++) {
      const { env, options } = generate(seed);
      vi.unstubAllEnvs();
      for (const [k, v] of Object.entries({ ...env, ...DEAD })) vi.stubEnv(k, v);
      printed.length = 0;
      let handle;
      try {
        handle = init(options as never);
      } catch (error) {
        throw new Error(`seed ${seed}: init threw ${String(error)}`);
      }
      await handle.shutdown();
      for (const line of printed) {
        expect(line, `seed ${seed}`).toMatch(/^\[clickstack-otel\] /);
        expect(line, `seed ${seed}`).not.toContain(SECRET);
      }
    }
  }, 120_000);
});
