/**
 * `clickstack-otel/replay`: opt-in session replay for browsers that plays in the HyperDX UI
 * (Client Sessions → a session → the player), kept out of the default bundle. `startReplay()` (or
 * loading the add-on `<script>`, ./replay-global) records the page with rrweb and ships the events
 * as OTLP log records (src/replay/replay-records: scope `rum.rr-web`, `rr-web.*` attributes) to the
 * running SDK's logs endpoint, with its headers, API key, transport (keepalive within the page's
 * budget) and retry rules, under the CURRENT session's resource (`rum.sessionId`), plus one
 * `record init` span per recording (the Client Sessions page lists sessions that have one).
 *
 * Lifecycle, checked when an event is emitted and once a second: recording starts when an SDK is
 * running (the add-on may load before or after it), restarts with a new full snapshot when the
 * session rotates or a new SDK starts, and stops when the SDK shuts down (what is queued is still
 * sent). Sampling: a session outside `sessionSampleRate` or the add-on's `sampleRate` is not
 * recorded. Memory stays bounded while the collector is down (oldest events dropped, then a fresh
 * full snapshot). Nothing here throws into the page.
 */
import { trace } from '@opentelemetry/api';
import { record } from '@rrweb/record';
import { ExportResultCode } from '@opentelemetry/core';
import { LOG_PREFIX } from '../../src/config/defaults';
import { createOtlpExporter, type OtlpExporter } from '../../src/export/otlp-exporter';
import type { EncodableLogRecord } from '../../src/export/otlp-json';
import { resolveReplayOptions, type ReplayOptions, type ResolvedReplayOptions } from '../../src/replay/replay-options';
import { createReplayQueue, MAX_BUFFERED_REPLAY_CHARS, MAX_BUFFERED_REPLAY_RECORDS, replayRecords, REPLAY_SCOPE_NAME, type ReplayEvent, type ReplayRecord } from '../../src/replay/replay-records';
import type { AddonHost, SdkHandle } from '../../src/sdk';
import { isSessionSampled } from '../../src/session/session';
import { VERSION } from '../../src/version';

export type { ReplayOptions } from '../../src/replay/replay-options';

/** How often the add-on looks for a (new) SDK, a rotated session or a shutdown when the page is quiet. */
export const REPLAY_CHECK_INTERVAL_MILLIS = 1_000;
/** Queued body text that triggers an export before the logs batch delay is up (a full snapshot, a burst). */
export const EXPORT_EARLY_CHARS = 64 * 1024;

export interface SessionReplay {
  /** True while the page is being recorded. */
  readonly recording: boolean;
  /** Sends every queued replay event now. Resolves (never rejects) when sent or given up. */
  flush(): Promise<void>;
  /** Stops recording for good (queued events are still sent); `startReplay()` may start again. */
  stop(): void;
}

type Handle = SdkHandle & AddonHost;
type Host = NonNullable<AddonHost['addonHost']>;

function runningHandle(): Handle | undefined {
  // The SDK's global state (src/sdk.ts STATE_KEY), shared by every copy of this package in the page.
  return (globalThis as { [k: symbol]: { handle?: Handle } | undefined })[Symbol.for('clickstack-otel.state')]?.handle;
}

/** One recording: one SDK, one session, one rrweb run (starting with a full snapshot). */
interface Recording {
  handle: Handle;
  sessionId: string;
  resource: EncodableLogRecord['resource'];
  stopRrweb?: () => void;
  offset: number;
}

const isValidSelector = (selector: string) => {
  try {
    document.createDocumentFragment().querySelector(selector);
    return true;
  } catch {
    return false;
  }
};

let started: SessionReplay | undefined;

/**
 * Starts recording the page for session replay; a second call returns the first controller.
 * Never throws; a bad option prints one `[clickstack-otel]` message and uses its safe default.
 */
export function startReplay(options?: ReplayOptions): SessionReplay {
  if (started) return started;
  const noop: SessionReplay = { recording: false, flush: () => Promise.resolve(), stop: () => {} };
  try {
    if (typeof document === 'undefined' || typeof MutationObserver === 'undefined') return noop;
    const { options: settings, problems } = resolveReplayOptions(options, isValidSelector);
    if (problems.length) console.warn(LOG_PREFIX, `session replay: ${problems.join('; ')}.`);
    return (started = createReplay(settings));
  } catch (error) {
    console.warn(LOG_PREFIX, 'session replay could not start:', error);
    return noop;
  }
}

function createReplay(settings: ResolvedReplayOptions): SessionReplay {
  const queue = createReplayQueue();
  let current: Recording | undefined;
  let stopped = false;
  /** A session we decided not to record (sampled out), so it is not re-decided every second. */
  let declined: string | undefined;
  let exporter: OtlpExporter<EncodableLogRecord> | undefined;
  let exporterHost: Host | undefined;
  let pumping: Promise<void> | undefined;
  let lastExport = Date.now();
  let syncQueued = false;
  /** Events were dropped for room: the next successful export asks rrweb for a new full snapshot. */
  let needsSnapshot = false;
  let warnedDrop = false;

  const exporterFor = (host: Host) => {
    if (!exporter || exporterHost !== host) {
      const previous = exporter;
      exporterHost = host;
      const logs = host.config.logs;
      exporter = createOtlpExporter<EncodableLogRecord>({
        transport: host.platform.createTransport(logs),
        serializer: host.platform.logsSerializer!(logs.protocol),
        url: logs.url,
        timeoutMillis: logs.timeoutMillis,
        log: host.log,
        signal: 'logs',
        itemName: 'replay record',
      });
      // The old SDK's exports already on the wire finish; nothing new goes through it.
      if (previous) void previous.forceFlush().then(() => previous.shutdown());
    }
    return exporter;
  };

  /** Sends one batch; resolves when it is done (sent or given up). */
  function send(host: Host, batch: ReplayRecord[]): Promise<void> {
    const x = exporterFor(host);
    lastExport = Date.now();
    return new Promise<void>((resolve) =>
      x.export(batch, (result) => {
        // Success after a drop: the collector is back, so the replay resumes from a full snapshot.
        if (result.code === ExportResultCode.SUCCESS && needsSnapshot && current?.stopRrweb) {
          needsSnapshot = false;
          try {
            record.takeFullSnapshot(true);
          } catch {
            // not recording any more
          }
        }
        resolve();
      }),
    );
  }

  const hostNow = () => exporterHost ?? current?.handle.addonHost;

  /**
   * Drains the queue one batch at a time (one export in flight), so events arrive in the
   * order they happened; events queued meanwhile go in the same run. Returns the run's promise.
   */
  function pump(): Promise<void> {
    if (pumping) return pumping;
    const host = hostNow();
    if (!host || !queue.size) return Promise.resolve();
    const run = (async () => {
      try {
        while (queue.size) await send(hostNow() ?? host, queue.take());
      } catch {
        // Telemetry never breaks the page.
      } finally {
        pumping = undefined;
      }
    })();
    return (pumping = run);
  }

  /** Page hide: everything queued goes at once (keepalive where the page's budget allows), no waiting. */
  function sendAllNow() {
    const host = hostNow();
    if (!host) return;
    while (queue.size) void send(host, queue.take());
  }

  const isDue = () => {
    const delay = hostNow()?.config.logs.batch.scheduledDelayMillis ?? 1_000;
    return queue.chars >= EXPORT_EARLY_CHARS || Date.now() - lastExport >= delay;
  };

  function onEvent(rec: Recording, event: ReplayEvent) {
    try {
      if (rec !== current) return;
      // Shut down or rotated: the next recording starts with its own full snapshot.
      if (rec.handle.getSessionId() !== rec.sessionId) return scheduleSync();
      const records = replayRecords(event, rec.offset, rec.resource, Date.now());
      rec.offset += records.length;
      const dropped = queue.push(records);
      if (dropped) {
        needsSnapshot = true;
        if (!warnedDrop) {
          warnedDrop = true;
          rec.handle.addonHost?.log.warn(
            `session replay: the collector is not keeping up; dropping the oldest replay events to stay within ${MAX_BUFFERED_REPLAY_CHARS / 1024 / 1024} MiB / ${MAX_BUFFERED_REPLAY_RECORDS} records. Recording resumes with a new full snapshot once exports succeed.`,
          );
        }
      }
      if (queue.chars >= EXPORT_EARLY_CHARS) void pump();
    } catch {
      // Telemetry never breaks the page (an event that cannot be serialized is skipped).
    }
  }

  function begin(handle: Handle, host: Host, sessionId: string) {
    const rec: Recording = { handle, sessionId, resource: host.currentResource(), offset: 0 };
    current = rec;
    exporterFor(host);
    // The Client Sessions page lists a session only if it has spans named `record init`.
    trace.getTracer(REPLAY_SCOPE_NAME, VERSION).startSpan('record init').end();
    rec.stopRrweb =
      record({
        emit: (event) => onEvent(rec, event as ReplayEvent),
        maskAllInputs: settings.maskAllInputs,
        maskTextClass: settings.maskTextClass,
        maskTextSelector: settings.maskTextSelector,
        blockClass: settings.blockClass,
        blockSelector: settings.blockSelector,
        ignoreClass: settings.ignoreClass,
        // rrweb's observers run inside the page's events: an error in them is ours, never the page's.
        errorHandler: (error) => {
          host.log.debug(`session replay: recorder error: ${String(error)}`);
          return true;
        },
      }) ?? undefined;
    if (host.config.debug) host.log.debug(`session replay: recording session ${sessionId}`);
  }

  function end() {
    const rec = current;
    current = undefined;
    try {
      rec?.stopRrweb?.();
    } catch {
      // already stopped
    }
    void pump();
  }

  /** Brings the recording in line with the SDK and session running now. */
  function sync() {
    syncQueued = false;
    if (stopped) return;
    try {
      const handle = runningHandle();
      const host = handle?.active ? handle.addonHost : undefined;
      const sessionId = host ? handle!.getSessionId() : undefined;
      if (current && (current.handle !== handle || current.sessionId !== sessionId)) end();
      if (!current && handle && host && sessionId && sessionId !== declined) {
        const wanted =
          host.config.logs.enabled &&
          !!host.platform.logsSerializer &&
          isSessionSampled(sessionId, host.config.session.sampleRate) &&
          // Another part of the id than the session sampler's, so the two rates are independent.
          isSessionSampled(sessionId.slice(8), settings.sampleRate);
        if (wanted) begin(handle, host, sessionId);
        else declined = sessionId;
      }
      if (queue.size && isDue()) void pump();
    } catch {
      // Telemetry never breaks the page.
    }
  }

  function scheduleSync() {
    if (syncQueued) return;
    syncQueued = true;
    // Outside rrweb's emit: stopping the recorder from inside its own callback is not safe.
    setTimeout(sync, 0);
  }

  const timer = setInterval(sync, REPLAY_CHECK_INTERVAL_MILLIS);
  // Hidden is the last moment browsers reliably give a page: send what is queued.
  const onHidden = () => {
    if (document.visibilityState === 'hidden') sendAllNow();
  };
  const onPageHide = () => sendAllNow();
  document.addEventListener('visibilitychange', onHidden);
  addEventListener('pagehide', onPageHide);
  sync();

  return {
    get recording() {
      return !!current?.stopRrweb;
    },
    flush: () => pump(),
    stop() {
      if (stopped) return;
      end();
      stopped = true;
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onHidden);
      removeEventListener('pagehide', onPageHide);
      started = undefined;
    },
  };
}
