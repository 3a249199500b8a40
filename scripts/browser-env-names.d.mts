/** Types for browser-env-names.mjs (plain JS so tsup.config.ts and the rollup size report share it). */
import type { Plugin } from 'esbuild';
export declare const ENV_NAME_FILES: RegExp;
export declare function blankEnvNames(source: string): string;
export declare const blankEnvNamesEsbuild: Plugin;
