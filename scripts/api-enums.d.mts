/** Types for api-enums.mjs (plain JS so tsup.config.ts can load it). */
import type { Plugin } from 'esbuild';
export declare const API_ENUM_FILES: RegExp;
export declare const CORE_ENUM_FILES: RegExp;
export declare function enumsAsTypeScript(source: string): string;
export declare const inlineApiEnumsEsbuild: Plugin;
