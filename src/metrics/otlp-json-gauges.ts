/**
 * A minimal OTLP/JSON encoder for one-shot gauge points (browser web vitals): what sdk-metrics
 * (~14 KB gzip) would do for them, in a few hundred bytes. One request body per batch of points;
 * each point becomes its own gauge data point under a metric of its name.
 */
import type { AttributeValue } from '../config/resolve';
import { DISTRO_NAME, VERSION } from '../version';

export interface GaugePoint {
  name: string;
  unit: string;
  description: string;
  value: number;
  /** Epoch milliseconds. */
  timeMillis: number;
  attributes: Record<string, AttributeValue>;
}

type JsonAnyValue = { stringValue: string } | { boolValue: boolean } | { intValue: string } | { doubleValue: number };

function anyValue(v: AttributeValue): JsonAnyValue {
  if (typeof v === 'string') return { stringValue: v };
  if (typeof v === 'boolean') return { boolValue: v };
  return Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v };
}

const keyValues = (attributes: Record<string, AttributeValue>) => Object.keys(attributes).map((key) => ({ key, value: anyValue(attributes[key]!) }));

/** Nanoseconds as the decimal string OTLP/JSON uses for 64-bit integers (exact to the ms here). */
const nanos = (millis: number) => `${Math.round(millis)}000000`;

export function encodeGaugeRequest(points: GaugePoint[], resourceAttributes: Record<string, AttributeValue>): Uint8Array {
  const body = {
    resourceMetrics: [
      {
        resource: { attributes: keyValues(resourceAttributes) },
        scopeMetrics: [
          {
            scope: { name: DISTRO_NAME, version: VERSION },
            metrics: points.map((p) => ({
              name: p.name,
              unit: p.unit,
              description: p.description,
              gauge: { dataPoints: [{ timeUnixNano: nanos(p.timeMillis), asDouble: p.value, attributes: keyValues(p.attributes) }] },
            })),
          },
        ],
      },
    ],
  };
  return new TextEncoder().encode(JSON.stringify(body));
}
