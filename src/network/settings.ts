/**
 * The resolved settings of network capture and their defaults. Kept apart from the policy so the
 * configuration resolver (in every bundle) does not pull the capture code in with it.
 */
import type { Direction } from './attributes';
import { DEFAULT_MAX_BODY_BYTES } from './limits';

/** What the body hook is told about a body. */
export interface BodyHookInfo {
  direction: Direction;
  url: string;
  method: string;
  contentType: string | undefined;
}

/**
 * Rewrites a captured body (already cut and masked) before it is recorded. Return a string to
 * record it instead, `undefined` to keep the body as is, or `null` to drop it. A hook that throws
 * drops the body.
 */
export type BodyHook = (body: string, info: BodyHookInfo) => string | null | undefined;

/** The resolved settings the policy is built from (see `networkCapture` in the options). */
export interface NetworkCaptureSettings {
  maxBodyBytes: number;
  redactHeaders: readonly (string | RegExp)[];
  redactBodyKeys: readonly string[];
  allowUrls: readonly RegExp[];
  denyUrls: readonly RegExp[];
  bodyHook?: BodyHook;
}

export const DEFAULT_NETWORK_CAPTURE: NetworkCaptureSettings = {
  maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
  redactHeaders: [],
  redactBodyKeys: [],
  allowUrls: [],
  denyUrls: [],
};

