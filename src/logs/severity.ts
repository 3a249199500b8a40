/**
 * The OpenTelemetry log data model's severity numbers we emit (the values of api-logs'
 * `SeverityNumber`), as plain literals: that enum is a runtime object of 24 members, and
 * importing its value would ship all of it in the script tag. ./severity.test.ts checks them
 * against the enum.
 */
import type { SeverityNumber } from '@opentelemetry/api-logs';

export const SEVERITY_NUMBER = { TRACE: 1, DEBUG: 5, INFO: 9, WARN: 13, ERROR: 17 } as const satisfies Record<string, SeverityNumber>;
