/**
 * formatConsoleArgs(args): the text a browser console shows for `console.log(...args)`, for
 * runtimes without `util.format`. Follows the WHATWG Console spec's formatter: `%s %d %i %f %o %O
 * %c %%` in a leading string, the rest joined by spaces; objects as a compact one-line preview
 * like Chromium's (`{a: 1, b: 'x'}`, `[1, 2]`), bounded in depth and size, cycle-safe, never
 * calling anything on the app's objects but their own enumerable properties.
 */

/** Nesting shown before an object is written `{…}` / `[…]`. */
const MAX_DEPTH = 2;
/** Properties or elements shown per object before `…`. */
const MAX_ENTRIES = 20;

export function formatConsoleArgs(args: readonly unknown[]): string {
  const parts: string[] = [];
  let rest = args;
  const first = args[0];
  if (typeof first === 'string' && first.includes('%')) {
    let i = 1;
    const text = first.replace(/%([sdifoOc%])/g, (match, spec: string) => {
      if (spec === '%') return '%';
      if (i >= args.length) return match;
      const arg = args[i++];
      switch (spec) {
        case 's':
          return typeof arg === 'string' ? arg : preview(arg, 1);
        case 'd':
        case 'i':
          return typeof arg === 'symbol' ? 'NaN' : String(Number.parseInt(String(arg), 10));
        case 'f':
          return typeof arg === 'symbol' ? 'NaN' : String(Number.parseFloat(String(arg)));
        case 'c':
          return '';
        default:
          return preview(arg, 0);
      }
    });
    parts.push(text);
    rest = args.slice(i);
  } else if (args.length > 0) {
    parts.push(typeof first === 'string' ? first : preview(first, 0));
    rest = args.slice(1);
  }
  for (const arg of rest) parts.push(typeof arg === 'string' ? arg : preview(arg, 0));
  return parts.join(' ');
}

function preview(value: unknown, depth: number, seen: Set<object> = new Set()): string {
  try {
    switch (typeof value) {
      case 'string':
        return depth === 0 ? value : `'${value}'`;
      case 'bigint':
        return `${value}n`;
      case 'symbol':
        return value.toString();
      case 'function':
        return `ƒ ${value.name || 'anonymous'}()`;
      case 'object':
        break;
      default:
        return String(value);
    }
    if (value === null) return 'null';
    if (value instanceof Error) return value.stack || `${value.name}: ${value.message}`;
    if (value instanceof Date) return value.toISOString();
    if (value instanceof RegExp) return String(value);
    if (seen.has(value)) return '[Circular]';
    const isArray = Array.isArray(value);
    if (depth > MAX_DEPTH) return isArray ? '[…]' : '{…}';
    seen.add(value);
    const keys = Object.keys(value);
    const shown = keys.slice(0, MAX_ENTRIES).map((k) => {
      const v = preview((value as Record<string, unknown>)[k], depth + 1, seen);
      return isArray && /^\d+$/.test(k) ? v : `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : `'${k}'`}: ${v}`;
    });
    if (keys.length > MAX_ENTRIES) shown.push('…');
    seen.delete(value);
    if (isArray) return `[${shown.join(', ')}]`;
    const name = Object.getPrototypeOf(value)?.constructor?.name;
    const prefix = name && name !== 'Object' ? `${name} ` : '';
    return `${prefix}{${shown.join(', ')}}`;
  } catch {
    return Object.prototype.toString.call(value);
  }
}
