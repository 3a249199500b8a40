'use client';
// The browser half: bundled for the client, so `clickstack-otel` resolves to its browser build.
import { forceFlush, init } from 'clickstack-otel';
import { useEffect } from 'react';

export function OtelProvider({ collector }: { collector: string }) {
  useEffect(() => {
    init({ service: 'next-web', url: collector, batch: { scheduledDelayMillis: 200 } });
    // The scenario: one same-origin call to a route handler, then flush.
    fetch('/api/items/42')
      .then((r) => r.json())
      .then(async (body) => {
        await forceFlush();
        (window as any).__result = { body };
      })
      .catch((error) => ((window as any).__result = { error: String(error) }));
  }, [collector]);
  return null;
}
