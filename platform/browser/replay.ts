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
 * full snapshot). A mutation storm pauses the recorder until the page calms down, then it resumes
 * with a fresh full snapshot (src/replay/mutation-storm). Nothing here throws into the page.
 */
import { trace } from '@opentelemetry/api';
import { record } from '@rrweb/record';
import { ExportResultCode } from '@opentelemetry/core';
import { LOG_PREFIX } from '../../src/config/defaults';
import { createOtlpExporter, type OtlpExporter } from '../../src/export/otlp-exporter';
import type { EncodableLogRecord } from '../../src/export/otlp-json';
import {
  createMutationMeter,
  MAX_REPLAY_MUTATIONS_PER_SECOND,
  mutationChanges,
  nextStormRetryMillis,
  REPLAY_STORM_EVENT_TAG,
  REPLAY_STORM_WINDOWS,
  type MutationData,
  type MutationMeter,
} from '../../src/replay/mutation-storm';
import { ALWAYS_MASKED_INPUTS, resolveReplayOptions, type ReplayOptions, type ResolvedReplayOptions } from '../../src/replay/replay-options';
import { createReplayQueue, MAX_BUFFERED_REPLAY_CHARS, MAX_BUFFERED_REPLAY_RECORDS, replayRecords, REPLAY_SCOPE_NAME, type ReplayEvent, type ReplayRecord } from '../../src/replay/replay-records';
import type { AddonHost, SdkHandle } from '../../src/sdk';
import { isSessionSampled } from '../../src/session/session';
import { VERSION } from '../../src/version';

export type { ReplayOptions } from '../../src/replay/replay-options';

/** How often the add-on looks for a (new) SDK, a rotated session or a shutdown when the page is quiet. */
export const REPLAY_CHECK_INTERVAL_MILLIS = 1_000;
/** Queued body text that triggers an export before the logs batch delay is up (a full snapshot, a burst). */
export const EXPORT_EARLY_CHARS = 64 * 1024;
/**
 * Body text per request when the page is hidden: small enough that the encoded request (JSON
 * escaping, attributes, resource) fits the page's keepalive budget (./keepalive-budget, 60 KiB) and
 * outlives the page. An event bigger than this goes alone, as a normal fetch, so it cannot take the
 * events queued around it down with it.
 */
export const PAGE_HIDE_BATCH_CHARS = 32 * 1024;
/** rrweb event types and the incremental source read here (`@rrweb/types` EventType, IncrementalSource). */
const INCREMENTAL_SNAPSHOT = 3;
const CUSTOM_EVENT = 5;
const MUTATION_SOURCE = 0;

export interface SessionReplay {
  /** True while the page is being recorded (false while a mutation storm holds the recorder paused). */
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

/** One recording: one SDK, one session; one rrweb run (starting with a full snapshot), or more after storm pauses. */
interface Recording {
  handle: Handle;
  sessionId: string;
  resource: EncodableLogRecord['resource'];
  stopRrweb?: () => void;
  offset: number;
  /** DOM changes a second: rrweb's mutation events while recording, our own counter while paused. */
  meter: MutationMeter;
  /** The meter called a storm: sync() pauses the recorder (never from inside rrweb's callback). */
  stormy?: boolean;
  /** Set while a storm holds the recorder stopped. */
  pause?: { counter: MutationObserver; retryAt: number };
  /** The retry delay of the storm going on (it doubles while the storm does); unset once calm. */
  retryMillis?: number;
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
    while (queue.size) void send(host, queue.take(PAGE_HIDE_BATCH_CHARS));
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
      enqueue(rec, event);
      const data = (event as { data?: MutationData & { source?: number } }).data;
      if (event.type === INCREMENTAL_SNAPSHOT && data?.source === MUTATION_SOURCE) {
        const now = performance.now();
        rec.meter.add(mutationChanges(data), now);
        if ((rec.meter.settle(now) ?? 0) >= REPLAY_STORM_WINDOWS && !rec.stormy) {
          rec.stormy = true;
          scheduleSync();
        }
      }
    } catch {
      // Telemetry never breaks the page (an event that cannot be serialized is skipped).
    }
  }

  /** Queues one event's records; throws if the event cannot be serialized. */
  function enqueue(rec: Recording, event: ReplayEvent) {
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
  }

  function begin(handle: Handle, host: Host, sessionId: string) {
    const rec: Recording = { handle, sessionId, resource: host.currentResource(), offset: 0, meter: createMutationMeter(performance.now()) };
    current = rec;
    exporterFor(host);
    // The Client Sessions page lists a session only if it has spans named `record init`.
    trace.getTracer(REPLAY_SCOPE_NAME, VERSION).startSpan('record init').end();
    startRecorder(rec, host);
    if (host.config.debug) host.log.debug(`session replay: recording session ${sessionId}`);
  }

  /** Starts rrweb for `rec`: it emits Meta and a full snapshot first (at once, or at `load`). */
  function startRecorder(rec: Recording, host: Host) {
    rec.meter.reset(performance.now());
    // This run's own full snapshot supersedes whatever was dropped before it.
    needsSnapshot = false;
    rec.stopRrweb =
      record({
        emit: (event) => onEvent(rec, event as ReplayEvent),
        maskAllInputs: settings.maskAllInputs,
        // Without maskAllInputs rrweb masks only passwords; contact details stay masked too.
        ...(!settings.maskAllInputs && { maskInputOptions: { ...ALWAYS_MASKED_INPUTS } }),
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
  }

  function stopRecorder(rec: Recording) {
    try {
      rec.stopRrweb?.();
    } catch {
      // already stopped
    }
    rec.stopRrweb = undefined;
    rec.pause?.counter.disconnect();
    rec.pause = undefined;
  }

  /**
   * A storm: the recorder stops (its observers cost the page nothing any more), the stream gets a
   * marker, and a counter that only adds up DOM changes watches for the page to calm down.
   */
  function pauseForStorm(rec: Recording, host: Host) {
    const rate = Math.round(rec.meter.lastRate);
    stopRecorder(rec);
    rec.stormy = false;
    const now = performance.now();
    rec.meter.reset(now);
    rec.retryMillis = nextStormRetryMillis(rec.retryMillis);
    const counter = new MutationObserver((mutations) => {
      let changes = 0;
      for (const m of mutations) changes += m.type === 'childList' ? m.addedNodes.length + m.removedNodes.length : 1;
      rec.meter.add(changes, performance.now());
    });
    counter.observe(document, { childList: true, subtree: true, attributes: true, characterData: true });
    rec.pause = { counter, retryAt: now + rec.retryMillis };
    const seconds = rec.retryMillis / 1000;
    enqueue(rec, {
      type: CUSTOM_EVENT,
      timestamp: Date.now(),
      data: { tag: REPLAY_STORM_EVENT_TAG, payload: { reason: 'mutation-storm', mutationsPerSecond: rate, limit: MAX_REPLAY_MUTATIONS_PER_SECOND, retryInSeconds: seconds } },
    } as ReplayEvent);
    host.log.debug(
      `session replay: paused: the page made ${rate} DOM changes a second for ${REPLAY_STORM_WINDOWS} s (limit ${MAX_REPLAY_MUTATIONS_PER_SECOND}); recording resumes with a new full snapshot after a calmer second, or in ${seconds} s.`,
    );
  }

  /** During a pause: resumes once a whole window was calm, or when the retry delay is up. */
  function checkPause(rec: Recording, host: Host) {
    const now = performance.now();
    const calm = rec.meter.settle(now) === 0;
    if (!calm && now < rec.pause!.retryAt) return;
    stopRecorder(rec);
    if (calm) rec.retryMillis = undefined;
    startRecorder(rec, host);
    host.log.debug(`session replay: resumed with a new full snapshot (${calm ? 'the page calmed down' : 'retrying during the storm'}).`);
  }

  function end() {
    const rec = current;
    current = undefined;
    if (rec) stopRecorder(rec);
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
      if (current && host) {
        if (current.stormy) pauseForStorm(current, host);
        else if (current.pause) checkPause(current, host);
      }
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
