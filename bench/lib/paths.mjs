/** Where the bench reads built artifacts and writes its scratch files and results. */
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BENCH = fileURLToPath(new URL('../', import.meta.url));
/** Scratch output (git-ignored): baseline bundles. */
export const WORK = fileURLToPath(new URL('../.work/', import.meta.url));
export const RESULTS = fileURLToPath(new URL('../results/', import.meta.url));
/** The shipped `<script>` build, measured as users load it. */
export const OUR_IIFE = `${ROOT}dist/browser/clickstack-otel.global.js`;
export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
export const BASELINES = fileURLToPath(new URL('../baselines/', import.meta.url));
