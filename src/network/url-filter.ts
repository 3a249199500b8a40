/**
 * Which URLs are captured: none on the deny list, and, when an allow list is given, only those on it.
 * Strings match as URL prefixes that cannot run past a host or path segment; RegExps are tested
 * against the full URL.
 */

export type UrlPattern = string | RegExp;

export function urlPrefixPattern(prefix: string): RegExp {
  const literal = prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(/[/?#]$/.test(prefix) ? `^${literal}` : `^${literal}(?=$|[/?#])`);
}

export const toUrlPatterns = (list: readonly UrlPattern[]): RegExp[] =>
  list.map((p) => (typeof p === 'string' ? urlPrefixPattern(p) : p));

export function urlFilter(allow: readonly RegExp[], deny: readonly RegExp[]): (url: string) => boolean {
  const test = (p: RegExp, url: string) => {
    p.lastIndex = 0;
    return p.test(url);
  };
  return (url) => !deny.some((p) => test(p, url)) && (allow.length === 0 || allow.some((p) => test(p, url)));
}
