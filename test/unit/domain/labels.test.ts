import { describe, expect, it } from 'vitest';
import { labelKeyProblem, parseLabel, splitKeyValue } from '../../../domain/labels';

describe('splitKeyValue', () => {
  it.each([
    ['k=v', 'k', 'v'],
    ['k=v=w', 'k', 'v=w'],
    ['k=', 'k', ''],
    ['k', 'k', undefined],
    ['=v', '', 'v'],
    ['', '', undefined],
  ])('%j is key %j, value %j', (text, key, value) => expect(splitKeyValue(text)).toEqual({ key, value }));
});

describe('labelKeyProblem', () => {
  it.each([
    ['zone', undefined],
    ['com.example.team/owner', undefined],
    ['_private', undefined],
    ['node:role', undefined],
    ['', 'empty key'],
    ['a b', 'key "a b" holds whitespace'],
    [' a', 'key " a" holds whitespace'],
    ['a\t', 'key "a\\t" holds whitespace'],
    ['a=b', 'key "a=b" holds "="'],
  ])('%j: %j', (key, problem) => expect(labelKeyProblem(key)).toBe(problem));
});

describe('parseLabel', () => {
  it.each([
    ['zone=a', { ok: true, key: 'zone', value: 'a' }],
    ['ssd', { ok: true, key: 'ssd', value: '' }],
    ['k=', { ok: true, key: 'k', value: '' }],
    ['k=v=w', { ok: true, key: 'k', value: 'v=w' }],
    ['k=a b', { ok: true, key: 'k', value: 'a b' }],
    ['=a', { ok: false, error: 'empty key' }],
    ['', { ok: false, error: 'empty key' }],
    ['a b=c', { ok: false, error: 'key "a b" holds whitespace' }],
    [' a=b', { ok: false, error: 'key " a" holds whitespace' }],
  ])('%j is %j', (text, want) => expect(parseLabel(text)).toEqual(want));
});
