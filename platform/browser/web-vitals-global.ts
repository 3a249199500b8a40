/**
 * The web-vitals add-on `<script>` (dist/browser/clickstack-otel-web-vitals.global.js): loading it
 * is the opt-in. It starts measuring at once and exports through whichever SDK is running when
 * the page is hidden, so it may load before or after the main script. The controller is attached
 * as `ClickStack.webVitals` (`flush()`, `stop()`) when the main script is already there.
 */
import { startWebVitals } from './web-vitals';

const vitals = startWebVitals();
const g = globalThis as { ClickStack?: { webVitals?: unknown } };
if (g.ClickStack) g.ClickStack.webVitals = vitals;

export {};
