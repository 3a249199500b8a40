/**
 * Span limits from the standard environment variables, read the way sdk-trace-base's
 * BasicTracerProvider reads them (Node used that provider before the light one): the span-specific
 * variable first, then the general one, then the SDK's default.
 *
 * Interim: when span limits become part of the resolved configuration (`TracerProviderParams.spanLimits`
 * from src/config), those take precedence and this goes.
 */
import { getNumberFromEnv } from '@opentelemetry/core';
import type { SpanLimits } from '@opentelemetry/sdk-trace-base';

export function spanLimitsFromEnv(): SpanLimits {
  return {
    attributeCountLimit: getNumberFromEnv('OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT') ?? getNumberFromEnv('OTEL_ATTRIBUTE_COUNT_LIMIT'),
    attributeValueLengthLimit: getNumberFromEnv('OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT') ?? getNumberFromEnv('OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT'),
    eventCountLimit: getNumberFromEnv('OTEL_SPAN_EVENT_COUNT_LIMIT'),
    linkCountLimit: getNumberFromEnv('OTEL_SPAN_LINK_COUNT_LIMIT'),
    attributePerEventCountLimit: getNumberFromEnv('OTEL_SPAN_ATTRIBUTE_PER_EVENT_COUNT_LIMIT'),
    attributePerLinkCountLimit: getNumberFromEnv('OTEL_SPAN_ATTRIBUTE_PER_LINK_COUNT_LIMIT'),
  };
}
