/**
 * The browser has no environment: platform/browser's readEnv() returns {}, so every
 * `fromEnv('OTEL_…')` layer in src/config is unset there and the ~40 variable names are dead
 * weight in the page (about 350 B brotli of the IIFE). The browser builds blank those literals;
 * the Node builds and the unit tests read the source unchanged.
 *
 * Only whole string literals that are an env name are blanked (`'OTEL_SERVICE_NAME'`,
 * `` `OTEL_EXPORTER_OTLP_${SIGNAL}_HEADERS` ``), never messages that mention one.
 */
const ENV_NAME_LITERAL = /'(?:OTEL|HYPERDX)_[A-Z0-9_]+(?: [a-z.]+)?'|`(?:OTEL|HYPERDX)_[A-Z0-9_]*(?:\$\{[A-Za-z]+\}[A-Z0-9_]*)*`/g;

/** Files under src/config whose env names the browser never reads. */
export const ENV_NAME_FILES = /[\\/]src[\\/]config[\\/][^\\/]+\.ts$/;

export function blankEnvNames(source) {
  return source.replace(ENV_NAME_LITERAL, "''");
}

/** esbuild (tsup) plugin form. */
export const blankEnvNamesEsbuild = {
  name: 'blank-env-names',
  setup(build) {
    build.onLoad({ filter: ENV_NAME_FILES }, async (args) => {
      const { readFile } = await import('node:fs/promises');
      return { contents: blankEnvNames(await readFile(args.path, 'utf8')), loader: 'ts' };
    });
  },
};
