/** Types for script-tag-flag.mjs (plain JS so tsup.config.ts can load it). */
import type { Plugin } from 'esbuild';
export declare const SCRIPT_TAG_FILE: RegExp;
export declare const SCRIPT_TAG_SOURCE: string;
export declare const scriptTagFlagEsbuild: Plugin;
