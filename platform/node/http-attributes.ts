/** Small helpers shared by the node:http and undici spans (stable HTTP semantic conventions). */

/** Distinct authorities remembered by splitHostPort; a server sees few, a client a handful per host. */
const MAX_CACHED_AUTHORITIES = 64;
/** Parsed authorities (frozen, shared): the same Host header arrives on every request. */
const authorities = new Map<string, Readonly<{ host?: string; port?: number }>>();

/** `host:port`, `[v6]:port` or a bare host; the port is undefined when absent. */
export function splitHostPort(authority: string | undefined): Readonly<{ host?: string; port?: number }> {
  if (!authority) return {};
  let parsed = authorities.get(authority);
  if (parsed) return parsed;
  parsed = Object.freeze(parseHostPort(authority));
  // Host headers are chosen by clients: start over rather than grow without bound.
  if (authorities.size >= MAX_CACHED_AUTHORITIES) authorities.clear();
  authorities.set(authority, parsed);
  return parsed;
}

function parseHostPort(authority: string): { host?: string; port?: number } {
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(authority);
  if (!m) return { host: authority };
  return { host: m[1]!.replace(/^\[|\]$/g, ''), port: m[2] ? Number(m[2]) : undefined };
}
