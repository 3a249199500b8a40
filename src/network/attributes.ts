/**
 * The one attribute schema of network capture, shared by the browser and Node so both produce
 * identical keys. Header names follow the stable HTTP semantic conventions
 * (`http.request.header.<lowercase-name>`, dashes kept, values as string arrays).
 */

export type Direction = 'request' | 'response';

/** `http.request.header.content-type`, `http.response.header.set-cookie`, … (`name` already lower-case). */
export const headerKey = (direction: Direction, name: string): string => `http.${direction}.header.${name}`;

/** The recorded (possibly cut, masked or rewritten) body, as a string. */
export const bodyKey = (direction: Direction): string => `http.${direction}.body`;

/** `true` when the recorded body is shorter than the real one (cap reached). */
export const bodyTruncatedKey = (direction: Direction): string => `http.${direction}.body.truncated`;

/** Semconv `http.*.body.size`: bytes seen on the wire (compressed size when encoded), when known. */
export const bodySizeKey = (direction: Direction): string => `http.${direction}.body.size`;

/**
 * Why no body text was recorded although capture was on: `binary`, `multipart`, `encoding`
 * (a content-encoding that cannot be decoded here), `hook` (the body hook dropped it).
 */
export const bodySkippedKey = (direction: Direction): string => `http.${direction}.body.skipped`;
