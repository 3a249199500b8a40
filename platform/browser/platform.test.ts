import { describe, expect, it } from 'vitest';
import { SCRIPT_TAG } from '../../src/script-tag';
import { scriptTagPlatform } from './platform';

describe('the script tag platform', () => {
  // src/script-tag.ts: its build drops the code that only runs with these hooks or in Node.
  it('hands in none of the hooks the script tag build leaves out', () => {
    expect(scriptTagPlatform.runtime).toBe('browser');
    expect(scriptTagPlatform.startMetrics).toBeUndefined();
    expect(scriptTagPlatform.createExitTaps).toBeUndefined();
    expect(scriptTagPlatform.otelErrorHandler).toBeUndefined();
    expect(scriptTagPlatform.defaults.env).toBeUndefined();
    expect(scriptTagPlatform.defaults.settings).toBeUndefined();
    expect(scriptTagPlatform.defaults.npm).toBeUndefined();
  });

  it('every build but the script tag reads the flag as false', () => {
    expect(SCRIPT_TAG).toBe(false);
  });
});
