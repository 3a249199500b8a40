import { describe, expect, it } from 'vitest';
import { encodeGaugeRequest } from './otlp-json-gauges';

describe('encodeGaugeRequest', () => {
  it('writes one OTLP/JSON gauge per point, with typed attribute values and nanosecond times as strings', () => {
    const body = encodeGaugeRequest(
      [
        { name: 'browser.web_vital.lcp', unit: 'ms', description: 'Largest Contentful Paint', value: 1234.5, timeMillis: 1_700_000_000_123, attributes: { 'browser.web_vital.rating': 'good', 'app.build': 42, 'app.beta': true, 'app.ratio': 0.5 } },
        { name: 'browser.web_vital.cls', unit: '1', description: 'Cumulative Layout Shift', value: 0, timeMillis: 1_700_000_000_124, attributes: {} },
      ],
      { 'service.name': 'web' },
    );
    const json = JSON.parse(new TextDecoder().decode(body));
    expect(json).toEqual({
      resourceMetrics: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'web' } }] },
          scopeMetrics: [
            {
              scope: { name: 'clickstack-otel', version: expect.any(String) },
              metrics: [
                {
                  name: 'browser.web_vital.lcp',
                  unit: 'ms',
                  description: 'Largest Contentful Paint',
                  gauge: {
                    dataPoints: [
                      {
                        timeUnixNano: '1700000000123000000',
                        asDouble: 1234.5,
                        attributes: [
                          { key: 'browser.web_vital.rating', value: { stringValue: 'good' } },
                          { key: 'app.build', value: { intValue: '42' } },
                          { key: 'app.beta', value: { boolValue: true } },
                          { key: 'app.ratio', value: { doubleValue: 0.5 } },
                        ],
                      },
                    ],
                  },
                },
                { name: 'browser.web_vital.cls', unit: '1', description: 'Cumulative Layout Shift', gauge: { dataPoints: [{ timeUnixNano: '1700000000124000000', asDouble: 0, attributes: [] }] } },
              ],
            },
          ],
        },
      ],
    });
  });
});
