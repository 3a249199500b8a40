// The browser side: the same API plus the opt-in web-vitals add-on.
import { forceFlush, init } from 'clickstack-otel';
import { startWebVitals } from 'clickstack-otel/web-vitals';
import type { WebVitals } from 'clickstack-otel/web-vitals';
import { startReplay, type ReplayOptions, type SessionReplay } from 'clickstack-otel/replay';

init({ service: 'spa', url: 'https://otel.example.com:4318', sessionPersistence: 'cookie', tracePropagationTargets: /^https:\/\/api\./ });
const vitals: WebVitals = startWebVitals();
void vitals;
document.addEventListener('click', () => void forceFlush());
const replayOptions: ReplayOptions = { maskAllInputs: true, blockClass: /^private-/, maskTextSelector: '.pii', sampleRate: 0.5 };
const replay: SessionReplay = startReplay(replayOptions);
void replay.flush();
