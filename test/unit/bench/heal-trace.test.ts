import { describe, expect, it } from 'vitest';
import { traceHeal } from '../../../bench/heal-trace';

const KILLED = { at: 10_000, hostname: 'host2', lastSeen: 9_900 };
const ev = (time: number, type: string, action: string, id: string, name: string, message = '') => ({
  time,
  type,
  action,
  id,
  name,
  attributes: message ? { message } : ({} as Record<string, string>),
});

describe('traceHeal', () => {
  it('times each step from the kill, for the slowest replacement task', () => {
    const events = [
      ev(9_000, 'task', 'create', 'old', 'heal_web.1'), // before the kill: not a replacement
      ev(11_000, 'node', 'down', 'n2', 'host2'),
      ev(11_010, 'task', 'create', 'a', 'heal_web.1'),
      ev(11_030, 'task', 'create', 'b', 'heal_web.2'),
      ev(11_050, 'task', 'assigned', 'a', 'heal_web.1'),
      ev(11_060, 'task', 'assigned', 'b', 'heal_web.2'),
      ev(11_080, 'task', 'preparing', 'a', 'heal_web.1'),
      ev(11_100, 'task', 'starting', 'b', 'heal_web.2', 'creating container'),
      ev(11_400, 'task', 'starting', 'a', 'heal_web.1', 'starting container'),
      ev(11_500, 'task', 'starting', 'b', 'heal_web.2', 'starting container'),
      ev(11_600, 'task', 'running', 'a', 'heal_web.1'),
      ev(11_700, 'task', 'running', 'b', 'heal_web.2'),
      ev(11_800, 'task', 'running', 'z', 'other_web.1'), // another service
    ];
    expect(traceHeal(events, KILLED, 'heal_web')).toEqual({
      lastHeartbeat: -100,
      markedDown: 1_000,
      replacementsCreated: 1_030,
      placed: 1_060,
      agentsBegan: 1_100,
      containersCreated: 1_500,
      running: 1_700,
      tasks: 2,
    });
  });

  it('leaves a step no event showed undefined (a report superseded within one status batch)', () => {
    const events = [ev(10_500, 'task', 'create', 'a', 'heal_web.1'), ev(10_900, 'task', 'running', 'a', 'heal_web.1')];
    const trace = traceHeal(events, KILLED, 'heal_web');
    expect(trace).toMatchObject({ markedDown: undefined, placed: undefined, running: 900, tasks: 1 });
  });
});
