import { describe, expect, it } from 'vitest';
import { normalizeMethod } from '../../src/http-method';
import { splitHostPort } from './http-attributes';

describe('splitHostPort', () => {
  it('splits host, [v6] and port, and leaves the port undefined when absent', () => {
    expect(splitHostPort('example.com:8080')).toEqual({ host: 'example.com', port: 8080 });
    expect(splitHostPort('[::1]:3000')).toEqual({ host: '::1', port: 3000 });
    expect(splitHostPort('example.com')).toEqual({ host: 'example.com', port: undefined });
    expect(splitHostPort(undefined)).toEqual({});
    expect(splitHostPort('a:b:c')).toEqual({ host: 'a:b:c' });
  });

  it('answers the same for a repeated authority, and stays right past the cache bound', () => {
    const first = splitHostPort('repeat.test:1234');
    expect(splitHostPort('repeat.test:1234')).toEqual(first);
    expect(Object.isFrozen(first)).toBe(true);
    for (let i = 0; i < 500; i++) expect(splitHostPort(`h${i}.test:${1000 + i}`)).toEqual({ host: `h${i}.test`, port: 1000 + i });
    expect(splitHostPort('repeat.test:1234')).toEqual({ host: 'repeat.test', port: 1234 });
  });
});

describe('normalizeMethod', () => {
  it('keeps known methods, reports others as _OTHER with the original', () => {
    expect(normalizeMethod('GET')).toEqual({ method: 'GET' });
    expect(normalizeMethod('get')).toEqual({ method: 'GET', original: 'get' });
    expect(normalizeMethod('PURGE')).toEqual({ method: '_OTHER', original: 'PURGE' });
  });
});
