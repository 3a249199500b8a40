/**
 * The SDK's one Resource: the given attributes plus OpenTelemetry's `telemetry.sdk.*` ones, as
 * `defaultResource().merge(resourceFromAttributes(attributes))` makes it (same attributes, given
 * ones win, null values left out), without carrying @opentelemetry/resources' ResourceImpl into the
 * script tag. Our attributes are all known at start-up, so there is nothing asynchronous to wait for.
 */
import type { AttributeValue } from '@opentelemetry/api';
import { SDK_INFO } from '@opentelemetry/core';
import type { Resource } from '@opentelemetry/resources';

const SDK_KEYS = ['telemetry.sdk.language', 'telemetry.sdk.name', 'telemetry.sdk.version'] as const;

export function createResource(given: Record<string, AttributeValue | undefined>, schemaUrl?: string): Resource {
  const attributes: Record<string, AttributeValue> = {};
  for (const [key, value] of Object.entries(given)) if (value != null) attributes[key] = value;
  for (const key of SDK_KEYS) attributes[key] ??= SDK_INFO[key] as AttributeValue;
  const resource: Resource = {
    attributes,
    schemaUrl,
    asyncAttributesPending: false,
    waitForAsyncAttributes: () => Promise.resolve(),
    // The other resource's attributes win, as in ResourceImpl.merge.
    merge: (other) => (other ? createResource({ ...attributes, ...other.attributes }, other.schemaUrl ?? schemaUrl) : resource),
    getRawAttributes: () => Object.entries(attributes),
  };
  return resource;
}
