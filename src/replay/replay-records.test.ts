import { describe, expect, it } from 'vitest';
import { jsonLogSerializer } from '../export/otlp-json';
import { createResource } from '../resource';
import { resolveReplayOptions, REPLAY_DEFAULTS } from './replay-options';
import { createReplayQueue, replayRecords, type ReplayRecord } from './replay-records';

const resource = createResource({ 'service.name': 'shop', 'rum.sessionId': 'a'.repeat(32), 'session.id': 'a'.repeat(32) });

const event = (type: number, size: number, timestamp = 1_733_350_000_123) => ({ type, data: { text: 'x'.repeat(size) }, timestamp });

describe('replayRecords', () => {
  it('one record per chunk, numbered, sharing the event timestamp (ms × 1e6) and the resource', () => {
    const records = replayRecords(event(2, 100), 7, resource, 0, 50);
    const json = JSON.stringify(event(2, 100));
    expect(records.length).toBe(Math.ceil(json.length / 50));
    expect(records.map((r) => r.body).join('')).toBe(json);
    records.forEach((r, i) => {
      expect(r.attributes).toEqual({ 'rr-web.event': 2, 'rr-web.offset': 7 + i, 'rr-web.chunk': i + 1, 'rr-web.total-chunks': records.length });
      expect(r.hrTime).toEqual([1_733_350_000, 123_000_000]);
      expect(r.resource).toBe(resource);
      expect(r.instrumentationScope.name).toBe('rum.rr-web');
    });
  });

  it('encodes as OTLP/JSON the way the UI reads it: int attributes, string body, nanosecond time', () => {
    const [record] = replayRecords(event(4, 3), 0, resource, 0);
    const body = JSON.parse(new TextDecoder().decode(jsonLogSerializer.serializeRequest([record!])));
    const rl = body.resourceLogs[0];
    expect(rl.resource.attributes).toContainEqual({ key: 'rum.sessionId', value: { stringValue: 'a'.repeat(32) } });
    expect(rl.scopeLogs[0].scope.name).toBe('rum.rr-web');
    const lr = rl.scopeLogs[0].logRecords[0];
    expect(lr.timeUnixNano).toBe('1733350000123000000');
    expect(lr.body).toEqual({ stringValue: JSON.stringify(event(4, 3)) });
    expect(lr.attributes).toContainEqual({ key: 'rr-web.event', value: { intValue: 4 } });
    expect(lr.attributes).toContainEqual({ key: 'rr-web.total-chunks', value: { intValue: 1 } });
  });

  it('a timestamp that is not a number falls back to now', () => {
    const [r] = replayRecords({ type: 3, timestamp: Number.NaN }, 0, resource, 2_000);
    expect(r!.hrTime).toEqual([2, 0]);
  });
});

describe('createReplayQueue', () => {
  const chunksOf = (records: ReplayRecord[]) => records.map((r) => `${r.attributes['rr-web.offset']}:${r.attributes['rr-web.chunk']}/${r.attributes['rr-web.total-chunks']}`);

  it('drops the oldest events whole (never some of an event’s chunks) once over the char limit', () => {
    const q = createReplayQueue({ maxChars: 400 });
    let offset = 0;
    const push = (size: number) => {
      const records = replayRecords(event(3, size), offset, resource, 0, 40);
      offset += records.length;
      return q.push(records);
    };
    expect(push(100)).toBe(0); // ~3-4 chunks
    expect(push(100)).toBe(0);
    const dropped = push(100);
    expect(dropped).toBeGreaterThan(0);
    expect(q.chars).toBeLessThanOrEqual(400);
    const left = q.take();
    // What is left starts at a first chunk and every event is complete.
    expect(left[0]!.attributes['rr-web.chunk']).toBe(1);
    const complete = left.filter((r) => r.attributes['rr-web.chunk'] === r.attributes['rr-web.total-chunks']).length;
    const starts = left.filter((r) => r.attributes['rr-web.chunk'] === 1).length;
    expect(complete).toBe(starts);
    expect(chunksOf(left).at(-1)).toMatch(new RegExp(`^${offset - 1}:`));
    expect(q.size).toBe(0);
    expect(q.chars).toBe(0);
  });

  it('bounds the record count too', () => {
    const q = createReplayQueue({ maxRecords: 10 });
    let dropped = 0;
    for (let i = 0; i < 25; i++) dropped += q.push(replayRecords(event(3, 1), i, resource, 0));
    expect(q.size).toBe(10);
    expect(dropped).toBe(15);
    expect(q.take().map((r) => r.attributes['rr-web.offset'])).toEqual([15, 16, 17, 18, 19, 20, 21, 22, 23, 24]);
  });

  it('takes batches of whole events within the batch limits, in order', () => {
    const q = createReplayQueue({ batchChars: 200, batchRecords: 5 });
    let offset = 0;
    for (let i = 0; i < 6; i++) {
      const records = replayRecords(event(3, 120), offset, resource, 0, 60);
      offset += records.length;
      q.push(records);
    }
    const seen: number[] = [];
    while (q.size) {
      const batch = q.take();
      expect(batch.length).toBeGreaterThan(0);
      expect(batch[0]!.attributes['rr-web.chunk']).toBe(1);
      const last = batch.at(-1)!;
      expect(last.attributes['rr-web.chunk']).toBe(last.attributes['rr-web.total-chunks']);
      seen.push(...batch.map((r) => r.attributes['rr-web.offset'] as number));
    }
    expect(seen).toEqual([...Array(offset).keys()]);
  });

  it('an event larger than one batch still goes, alone', () => {
    const q = createReplayQueue({ batchChars: 50 });
    q.push(replayRecords(event(2, 200), 0, resource, 0, 60));
    q.push(replayRecords(event(3, 1), 10, resource, 0));
    const first = q.take();
    expect(new Set(first.map((r) => r.attributes['rr-web.event']))).toEqual(new Set([2]));
    expect(q.take().map((r) => r.attributes['rr-web.event'])).toEqual([3]);
  });

  it('take(limitChars) makes smaller batches (page hide): small events before and after a big one are not held with it', () => {
    const q = createReplayQueue();
    q.push(replayRecords(event(3, 10), 0, resource, 0));
    q.push(replayRecords(event(3, 10), 1, resource, 0));
    q.push(replayRecords(event(3, 5_000), 2, resource, 0));
    q.push(replayRecords(event(3, 10), 3, resource, 0));
    const offsets = (b: ReplayRecord[]) => b.map((r) => r.attributes['rr-web.offset']);
    expect(offsets(q.take(1_000))).toEqual([0, 1]);
    expect(offsets(q.take(1_000))).toEqual([2]);
    expect(offsets(q.take(1_000))).toEqual([3]);
    expect(q.size).toBe(0);
  });
});

describe('resolveReplayOptions', () => {
  it('defaults mask every input', () => {
    expect(resolveReplayOptions(undefined)).toEqual({ options: REPLAY_DEFAULTS, problems: [] });
    expect(REPLAY_DEFAULTS.maskAllInputs).toBe(true);
  });

  it('takes valid options', () => {
    const { options, problems } = resolveReplayOptions({ maskAllInputs: false, blockClass: /^private-/, maskTextSelector: '.pii', sampleRate: 0.25, ignoreClass: 'no-rec' });
    expect(problems).toEqual([]);
    expect(options).toMatchObject({ maskAllInputs: false, blockClass: /^private-/, maskTextSelector: '.pii', sampleRate: 0.25, ignoreClass: 'no-rec' });
    expect(resolveReplayOptions({ maskAllText: true, maskTextSelector: '.x' }).options.maskTextSelector).toBe('*');
  });

  it('reports every bad option and falls back to the safe default', () => {
    const { options, problems } = resolveReplayOptions(
      { maskAllInputs: 'no', sampleRate: 2, blockClass: '.dot', maskTextSelector: '[[', colour: 'red' },
      (s) => s !== '[[',
    );
    expect(options).toEqual(REPLAY_DEFAULTS);
    expect(problems).toHaveLength(5);
    expect(problems.join('\n')).toMatch(/maskAllInputs must be true or false, not "no"; using true/);
    expect(problems.join('\n')).toMatch(/sampleRate must be a number from 0 to 1, not 2/);
    expect(problems.join('\n')).toMatch(/unknown option "colour"/);
    expect(resolveReplayOptions('yes').problems).toEqual(['options must be an object, not "yes"']);
  });
});
