/** Named limits and markers of network capture. Every size is in bytes of the wire/UTF-8 form. */

/** Default cap on one recorded body (request or response), in bytes. Override: `networkCapture.maxBodyBytes`. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

/** Hard ceiling for `maxBodyBytes`: span attributes this large already strain collectors and ClickHouse rows. */
export const MAX_BODY_BYTES_CEILING = 1024 * 1024;

/** Longest header value recorded, in UTF-16 code units; longer values are cut (a header is never a body). */
export const MAX_HEADER_VALUE_CHARS = 4 * 1024;

/** Most distinct header names recorded per request or response, so a hostile peer cannot flood a span. */
export const MAX_HEADERS = 128;

/** What a redacted header value or masked JSON/form value is replaced with. */
export const REDACTED = '[REDACTED]';
