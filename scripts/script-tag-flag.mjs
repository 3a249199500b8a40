/**
 * The `<script>` tag build reads `SCRIPT_TAG = true` from src/script-tag.ts (see there), so the
 * minifier drops the code that only runs with hooks its platform never hands in. The npm builds and
 * the unit tests read the source unchanged (`false`).
 */

/** The flag's module. */
export const SCRIPT_TAG_FILE = /[\\/]src[\\/]script-tag\.ts$/;

/** What the script tag build reads instead. */
export const SCRIPT_TAG_SOURCE = 'export const SCRIPT_TAG = true;\n';

/** esbuild (tsup) plugin form. */
export const scriptTagFlagEsbuild = {
  name: 'script-tag-flag',
  setup(build) {
    build.onLoad({ filter: SCRIPT_TAG_FILE }, () => ({ contents: SCRIPT_TAG_SOURCE, loader: 'ts' }));
  },
};
