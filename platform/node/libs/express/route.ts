/**
 * The route template of an express request, built from the paths its layers were registered with.
 *
 * Express keeps no record of the patterns a request went through: a layer stores the path it
 * matched (`/users/42`), not the one it was registered with (`/users/:id`), and only router 2.3+
 * keeps that (`rawPath`). So each layer is tagged once, when the app registers it, with its
 * registered path already reduced to the piece it adds to a route (./instrumentation.ts), and a
 * request carries the route of the routers it is inside as one string: entering a layer joins two
 * strings, leaving it puts the old string back. OpenTelemetry's express instrumentation keeps an
 * array instead and filters, joins and validates it again at every layer.
 */

const SLASH = 0x2f;
/** Express 5's catch-all segment, `/{*splat}`: matches anything, so it adds nothing to a route. */
const WILDCARD_SEGMENT = /^\/\{\*[^}]*\}$/;
/** Characters that mark a route made of regular expressions or path lists, kept as written. */
const PATTERN_MARKS = /[,\\*[]/;
const REPEATED_SLASHES = /\/{2,}/g;

/** A registered path as text: strings as written, regular expressions and numbers as `toString()`. */
function pathText(path: unknown): string | undefined {
  if (typeof path === 'string') return path;
  if (path instanceof RegExp || typeof path === 'number') return path.toString();
  return undefined;
}

/**
 * The path a layer was registered with, as text (`'/users/:id'`, `'/a,/b'` for a list), or
 * undefined when it was registered without one.
 */
export function registeredPath(path: unknown): string | undefined {
  if (Array.isArray(path)) return path.map((p) => pathText(p) ?? '').join(',');
  return pathText(path);
}

/**
 * What a registered path adds to the route: nothing for the paths that match everything (`/`,
 * `/*`, `/{*splat}`), else the path with repeated slashes collapsed.
 */
export function routeSegment(path: string | undefined): string {
  if (path === undefined || path === '/' || path === '/*' || WILDCARD_SEGMENT.test(path)) return '';
  return path.replace(REPEATED_SLASHES, '/');
}

/** `base` followed by `segment`, one slash between them. */
export function joinRoute(base: string, segment: string): string {
  if (segment === '') return base;
  if (base.charCodeAt(base.length - 1) === SLASH && segment.charCodeAt(0) === SLASH) return base + segment.slice(1);
  return base + segment;
}

/**
 * The `http.route` of a request inside a layer whose route is `route`: a request handler (an
 * `app.get(…)` route) always has one (`/` when its path added nothing); a middleware or router
 * inside no path has none, so a request no route answers keeps its server span unnamed.
 */
export function httpRoute(route: string, isRequestHandler: boolean): string | undefined {
  if (route === '') return isRequestHandler ? '/' : undefined;
  if (route.charCodeAt(0) === SLASH || route === '*') return route;
  // A regular expression or list route (`/a,/b`) keeps its text; a bare word gets its slash.
  return route.includes('/') && PATTERN_MARKS.test(route) ? route : `/${route}`;
}
