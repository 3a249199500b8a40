import { SeverityNumber } from '@opentelemetry/api-logs';
import { describe, expect, it } from 'vitest';
import { SEVERITY_NUMBER } from './severity';

describe('SEVERITY_NUMBER', () => {
  it('equals api-logs SeverityNumber for every level we emit', () => {
    for (const [name, value] of Object.entries(SEVERITY_NUMBER)) {
      expect(value, name).toBe(SeverityNumber[name as keyof typeof SeverityNumber]);
    }
  });
});
