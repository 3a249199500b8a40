/**
 * What kind of body a `content-type` announces. Only text-like bodies are recorded; binary and
 * multipart bodies are summarised (size only), since they are rarely readable and often large
 * (uploads) or private (files).
 */

export type BodyKind = 'text' | 'binary' | 'multipart';

const TEXT_SUBTYPES = /(^|[+.-])(json|xml|graphql|javascript|ecmascript|yaml|csv|x-www-form-urlencoded|x-ndjson|ndjson)$/;

/** Distinct content-type strings whose kind is remembered (a capture asks several times per exchange). */
const MAX_REMEMBERED_CONTENT_TYPES = 128;
const kinds = new Map<string, BodyKind>();

export function classifyContentType(contentType: string | undefined | null): BodyKind {
  // No content type: most APIs that omit it send text, and the UTF-8 decode below is lossless for it.
  if (!contentType) return 'text';
  let kind = kinds.get(contentType);
  if (kind === undefined) {
    kind = classify(contentType);
    if (kinds.size < MAX_REMEMBERED_CONTENT_TYPES) kinds.set(contentType, kind);
  }
  return kind;
}

function classify(contentType: string): BodyKind {
  const essence = contentType.split(';', 1)[0]!.trim().toLowerCase();
  if (essence === '') return 'text';
  const [type, subtype = ''] = essence.split('/', 2) as [string, string?];
  if (type === 'multipart') return 'multipart';
  if (type === 'text') return 'text';
  if (type === 'application' && TEXT_SUBTYPES.test(subtype)) return 'text';
  return 'binary';
}

export const isJsonContentType = (contentType: string | undefined | null): boolean =>
  !!contentType && /^[^;]*[/+]json\s*(;|$)/i.test(contentType.trim());

export const isFormContentType = (contentType: string | undefined | null): boolean =>
  !!contentType && /^\s*application\/x-www-form-urlencoded\s*(;|$)/i.test(contentType);

/** Content-encodings a platform may be able to decode; anything else (or a chain) is skipped. */
export type ContentEncoding = 'identity' | 'gzip' | 'deflate' | 'br' | 'unsupported';

export function parseContentEncoding(header: string | undefined | null): ContentEncoding {
  if (!header) return 'identity';
  const list = header.split(',').map((s) => s.trim().toLowerCase()).filter((s) => s && s !== 'identity');
  if (list.length === 0) return 'identity';
  if (list.length > 1) return 'unsupported';
  const [one] = list;
  if (one === 'gzip' || one === 'x-gzip') return 'gzip';
  if (one === 'deflate' || one === 'br') return one;
  return 'unsupported';
}
