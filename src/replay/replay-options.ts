/**
 * The options of `startReplay()` (clickstack-otel/replay) and their validation. Privacy first:
 * every input, textarea and select value is recorded as `*` unless `maskAllInputs: false`;
 * password, email and tel fields stay masked even then (ALWAYS_MASKED_INPUTS). A bad option never
 * stops recording with safe settings: it is reported (all problems in one `[clickstack-otel]`
 * message) and replaced by its default. Platform-free: selector syntax is checked by the browser side.
 */

export interface ReplayOptions {
  /** Record every form field's value as `*` (default `true`). Password, email and tel fields are masked regardless. */
  maskAllInputs?: boolean;
  /** Record all text content as `*` (same as `maskTextSelector: '*'`; default `false`). */
  maskAllText?: boolean;
  /** Text inside elements with this class (or a class matching this RegExp) is recorded as `*` (default `'rr-mask'`). */
  maskTextClass?: string | RegExp;
  /** Text inside elements matching this CSS selector is recorded as `*`. */
  maskTextSelector?: string;
  /** Elements with this class (or a class matching this RegExp) are recorded as an empty box of their size (default `'rr-block'`). */
  blockClass?: string | RegExp;
  /** Elements matching this CSS selector are recorded as an empty box of their size. */
  blockSelector?: string;
  /** Input events of elements with this class are not recorded (default `'rr-ignore'`). */
  ignoreClass?: string;
  /**
   * Share of sessions that are recorded, 0 to 1 (default 1). Decided per session id, so a session
   * is recorded completely or not at all, and only within `sessionSampleRate`'s sessions.
   */
  sampleRate?: number;
}

/** What the recorder runs with: every field present and of the right type. */
export interface ResolvedReplayOptions {
  maskAllInputs: boolean;
  maskTextClass: string | RegExp;
  maskTextSelector?: string;
  blockClass: string | RegExp;
  blockSelector?: string;
  ignoreClass: string;
  sampleRate: number;
}

/**
 * Input types whose values are recorded as `*` even with `maskAllInputs: false` (rrweb's
 * `maskInputOptions`; rrweb alone would keep only password masked): credentials and contact details.
 */
export const ALWAYS_MASKED_INPUTS = { password: true, email: true, tel: true } as const;

export const REPLAY_DEFAULTS: ResolvedReplayOptions = {
  maskAllInputs: true,
  maskTextClass: 'rr-mask',
  blockClass: 'rr-block',
  ignoreClass: 'rr-ignore',
  sampleRate: 1,
};

const KNOWN = new Set(['maskAllInputs', 'maskAllText', 'maskTextClass', 'maskTextSelector', 'blockClass', 'blockSelector', 'ignoreClass', 'sampleRate']);

const show = (v: unknown) => (typeof v === 'string' ? JSON.stringify(v) : v instanceof RegExp ? String(v) : typeof v === 'object' && v ? 'an object' : String(v));

/**
 * Resolves `options`; `problems` lists each bad one (empty when all is well). `isValidSelector`
 * comes from the runtime (the browser parses selectors); without it selectors are taken as given.
 */
export function resolveReplayOptions(
  options: unknown,
  isValidSelector: (selector: string) => boolean = () => true,
): { options: ResolvedReplayOptions; problems: string[] } {
  const resolved: ResolvedReplayOptions = { ...REPLAY_DEFAULTS };
  const problems: string[] = [];
  if (options === undefined || options === null) return { options: resolved, problems };
  if (typeof options !== 'object' || Array.isArray(options)) {
    problems.push(`options must be an object, not ${show(options)}`);
    return { options: resolved, problems };
  }
  const o = options as Record<string, unknown>;
  for (const key of Object.keys(o)) if (!KNOWN.has(key)) problems.push(`unknown option "${key}" ignored`);

  const bool = (key: 'maskAllInputs' | 'maskAllText', fallback: boolean): boolean => {
    const v = o[key];
    if (v === undefined) return fallback;
    if (typeof v === 'boolean') return v;
    problems.push(`${key} must be true or false, not ${show(v)}; using ${fallback}`);
    return fallback;
  };
  const cls = (key: 'maskTextClass' | 'blockClass' | 'ignoreClass', regexpAllowed: boolean): string | RegExp | undefined => {
    const v = o[key];
    if (v === undefined) return undefined;
    if ((typeof v === 'string' && /^[^\s.#]+$/.test(v)) || (regexpAllowed && v instanceof RegExp)) return v;
    problems.push(`${key} must be a class name${regexpAllowed ? ' or a RegExp' : ''}, not ${show(v)}; using "${String(REPLAY_DEFAULTS[key])}"`);
    return undefined;
  };
  const selector = (key: 'maskTextSelector' | 'blockSelector'): string | undefined => {
    const v = o[key];
    if (v === undefined) return undefined;
    if (typeof v === 'string' && v.trim() && isValidSelector(v)) return v;
    problems.push(`${key} must be a valid CSS selector, not ${show(v)}; ignored`);
    return undefined;
  };

  resolved.maskAllInputs = bool('maskAllInputs', true);
  const maskTextClass = cls('maskTextClass', true);
  if (maskTextClass !== undefined) resolved.maskTextClass = maskTextClass;
  const blockClass = cls('blockClass', true);
  if (blockClass !== undefined) resolved.blockClass = blockClass;
  const ignoreClass = cls('ignoreClass', false);
  if (typeof ignoreClass === 'string') resolved.ignoreClass = ignoreClass;
  const blockSelector = selector('blockSelector');
  if (blockSelector) resolved.blockSelector = blockSelector;
  const maskTextSelector = selector('maskTextSelector');
  // maskAllText wins: it is the broader mask.
  if (bool('maskAllText', false)) resolved.maskTextSelector = '*';
  else if (maskTextSelector) resolved.maskTextSelector = maskTextSelector;

  const rate = o.sampleRate;
  if (rate !== undefined) {
    if (typeof rate === 'number' && rate >= 0 && rate <= 1) resolved.sampleRate = rate;
    else problems.push(`sampleRate must be a number from 0 to 1, not ${show(rate)}; using 1`);
  }
  return { options: resolved, problems };
}
