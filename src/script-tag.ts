/**
 * True only in the `<script>` tag build: scripts/script-tag-flag.mjs replaces this module there
 * (tsup.config.ts, `iife`); every other build and the unit tests read `false`.
 *
 * The script tag's platform (platform/browser/platform.ts) hands in none of the hooks that only a
 * process or a bundling app has (metrics, exit taps, OpenTelemetry's error handler; in its runtime
 * defaults, environment readers and the Node and npm settings; platform/browser/platform.test.ts
 * checks that), and it is no Node process. Code that only runs with those hooks tests this flag
 * first, so the minifier drops it from the script tag, whose bytes are budgeted
 * (rollup-size-report/budget.json). Same behaviour either way.
 */
export const SCRIPT_TAG: boolean = false;
