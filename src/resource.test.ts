import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { describe, expect, it } from 'vitest';
import { createResource } from './resource';

describe('createResource', () => {
  it('has the attributes defaultResource().merge(resourceFromAttributes(…)) has, service name included', () => {
    const given = { 'service.name': 'shop', 'deployment.environment': 'prod', n: 1, gone: undefined, list: ['a'] };
    const theirs = defaultResource().merge(resourceFromAttributes(given));
    const ours = createResource(given);
    expect(ours.attributes).toEqual(theirs.attributes);
    expect(ours.attributes['telemetry.sdk.name']).toBe('opentelemetry');
    expect(ours.asyncAttributesPending).toBe(false);
    expect(Object.fromEntries(ours.getRawAttributes())).toEqual(ours.attributes);
  });

  it('merges like ResourceImpl: the other resource wins', () => {
    const merged = createResource({ a: 1, b: 2 }).merge(resourceFromAttributes({ b: 3, c: 4 }));
    expect(merged.attributes).toMatchObject({ a: 1, b: 3, c: 4 });
    const base = createResource({ a: 1 });
    expect(base.merge(null)).toBe(base);
  });
});
