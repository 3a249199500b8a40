/** Types for ensure-chromium.mjs (plain JS so `npm test` can run it before anything is built). */
export declare const CHROMIUM_PATH: string;
export declare const CHROMIUM_ARGS: string[];
export declare function ensureChromium(): string;
