// The browser side: the same API plus the opt-in web-vitals add-on.
import { forceFlush, init } from 'clickstack-otel';
import { startWebVitals } from 'clickstack-otel/web-vitals';
import type { WebVitals } from 'clickstack-otel/web-vitals';

init({ service: 'spa', url: 'https://otel.example.com:4318', sessionPersistence: 'cookie', tracePropagationTargets: /^https:\/\/api\./ });
const vitals: WebVitals = startWebVitals();
void vitals;
document.addEventListener('click', () => void forceFlush());
