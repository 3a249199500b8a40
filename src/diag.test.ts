import { describe, expect, it } from 'vitest';
import { createDiagLogger, type Printer } from './diag';

function recorder() {
  const lines: { level: string; text: string }[] = [];
  const sink = (level: string) => (...args: unknown[]) => lines.push({ level, text: args.map(String).join(' ') });
  const printer: Printer = { error: sink('error'), warn: sink('warn'), info: sink('info'), debug: sink('debug') };
  return { lines, printer };
}

describe('diag logger', () => {
  it('prefixes every line and filters by level', () => {
    const { lines, printer } = recorder();
    const log = createDiagLogger('warn', printer);
    log.error('e');
    log.warn('w');
    log.info('i');
    log.debug('d');
    expect(lines).toEqual([
      { level: 'error', text: '[clickstack-otel] e' },
      { level: 'warn', text: '[clickstack-otel] w' },
    ]);
  });

  it('prints a repeated warning once (a dead collector fails every batch)', () => {
    const { lines, printer } = recorder();
    const log = createDiagLogger('warn', printer);
    for (let i = 0; i < 5; i++) log.error('export failed', 'ECONNREFUSED');
    log.error('export failed', 'ETIMEDOUT');
    expect(lines.map((l) => l.text)).toEqual(['[clickstack-otel] export failed ECONNREFUSED', '[clickstack-otel] export failed ETIMEDOUT']);
  });

  it('prints nothing at level none', () => {
    const { lines, printer } = recorder();
    const log = createDiagLogger('none', printer);
    log.error('x');
    expect(lines).toEqual([]);
  });
});
