import { expect, it } from 'vitest';
import { JournalGate, type RawEvent } from '../../../../manager/store/journal-gate';
import { KeyLayout } from '../../../../manager/store/keys';
import { UnreadableValue } from '../../../../manager/store/store';

const layout = new KeyLayout('/p');
const putObj = (id: string, revision: number): RawEvent => ({
  key: layout.object('tasks', id),
  type: 'put',
  json: JSON.stringify({ id }),
  revision,
});
const delObj = (id: string, revision: number): RawEvent => ({
  key: layout.object('tasks', id),
  type: 'delete',
  revision,
});
const lock = (type: 'put' | 'delete', revision: number): RawEvent => ({
  key: layout.journalLock,
  type,
  json: type === 'put' ? '{"state":"pending"}' : undefined,
  revision,
});
const ids = (batches: ReturnType<JournalGate['accept']>): [number, string[]][] =>
  batches.map((b) => [b.revision, b.events.map((e) => `${e.type} ${e.id}`)]);

it('groups ordinary events per revision and decodes values', () => {
  const gate = new JournalGate(layout, false);
  const batches = gate.accept([putObj('a', 5), delObj('b', 5), putObj('c', 6)]);
  expect(ids(batches)).toEqual([
    [5, ['put a', 'delete b']],
    [6, ['put c']],
  ]);
  expect(batches[0].events[0]).toEqual({ kind: 'tasks', id: 'a', type: 'put', value: { id: 'a' }, version: 5 });
  expect(batches[0].events[1]).toEqual({ kind: 'tasks', id: 'b', type: 'delete', version: 5 });
});

it('holds a split commit’s events until the lock is deleted, across calls, and releases them as one batch', () => {
  const gate = new JournalGate(layout, false);
  expect(ids(gate.accept([putObj('x', 9), lock('put', 10), putObj('a', 12)]))).toEqual([[9, ['put x']]]);
  expect(gate.accept([putObj('b', 13), delObj('c', 14)])).toEqual([]);
  expect(ids(gate.accept([lock('delete', 15), putObj('d', 16)]))).toEqual([
    [15, ['put a', 'put b', 'delete c']],
    [16, ['put d']],
  ]);
});

it('starts held when the lock existed at the watch’s start revision', () => {
  const gate = new JournalGate(layout, true);
  expect(gate.accept([putObj('a', 3)])).toEqual([]);
  expect(ids(gate.accept([lock('delete', 4)]))).toEqual([[4, ['put a']]]);
});

it('delivers nothing for a discarded journal and ignores journal chunks and foreign keys', () => {
  const gate = new JournalGate(layout, false);
  const chunk: RawEvent = { key: layout.journalChunk(0), type: 'put', json: '[]', revision: 3 };
  const foreign: RawEvent = { key: '/other/tasks/a', type: 'put', json: '1', revision: 4 };
  expect(gate.accept([lock('put', 2), chunk, lock('delete', 5), foreign])).toEqual([]);
});

it('hands on a value that is not JSON as unreadable, saying its size but not its text', () => {
  const gate = new JournalGate(layout, false);
  expect(gate.accept([{ key: layout.object('tasks', 'a'), type: 'put', json: '{secret', revision: 2 }])).toEqual([
    {
      revision: 2,
      events: [
        { kind: 'tasks', id: 'a', type: 'put', value: new UnreadableValue('value is not JSON (7 bytes)'), version: 2 },
      ],
    },
  ]);
});
