import { describe, expect, it } from 'vitest';
import { answer, toRecordTable, type DnsDecision } from '../../../../agent/dns/records';
import { makeEndpoint, makeView } from '../network/network-views';

const app = makeEndpoint({
  name: 'web_app',
  shortName: 'app',
  vip: '10.0.3.2',
  aliases: ['frontend'],
  taskIps: ['10.0.3.5', '10.0.3.6'],
});
const db = makeEndpoint({
  serviceId: 'svc2',
  name: 'web_db',
  shortName: 'db',
  mode: 'dnsrr',
  vip: '',
  taskIps: ['10.0.3.7/24', '10.0.3.8'],
});
const idle = makeEndpoint({ serviceId: 'svc3', name: 'web_idle', shortName: 'idle', vip: '10.0.3.3', taskIps: [] });
const front = makeView({ services: [app, db, idle] });
/** A second network where app has another VIP and no alias. */
const back = makeView({ id: 'net2', vni: 4098, services: [makeEndpoint({ vip: '10.0.4.2', taskIps: ['10.0.4.5'] })] });

const ok = (...addresses: string[]): DnsDecision => ({ kind: 'answer', addresses });
const FORWARD: DnsDecision = { kind: 'forward' };

describe('answer', () => {
  it.each<[string, string, string, DnsDecision]>([
    ['service by short name: the VIP', 'app', 'A', ok('10.0.3.2')],
    ['service by full name: the VIP', 'web_app', 'A', ok('10.0.3.2')],
    ['network alias: the VIP', 'frontend', 'A', ok('10.0.3.2')],
    ['tasks.short name: every task', 'tasks.app', 'A', ok('10.0.3.5', '10.0.3.6')],
    ['tasks.full name: every task', 'tasks.web_app', 'A', ok('10.0.3.5', '10.0.3.6')],
    ['dnsrr service: its tasks, prefix stripped', 'db', 'A', ok('10.0.3.7', '10.0.3.8')],
    ['case-insensitive, trailing dot ignored', 'WEB_App.', 'A', ok('10.0.3.2')],
    ['VIP service without tasks: still its VIP (the VIP rejects)', 'idle', 'A', ok('10.0.3.3')],
    ['tasks of a service without tasks: no addresses', 'tasks.idle', 'A', ok()],
    ['known name, AAAA: NOERROR, no answer', 'app', 'AAAA', ok()],
    ['known name, MX: NOERROR, no answer', 'tasks.app', 'MX', ok()],
    ['unknown cluster-like name: forwarded', 'nothing', 'A', FORWARD],
    ['outside name: forwarded', 'example.com', 'A', FORWARD],
    ['tasks. of a name we do not own: forwarded', 'tasks.example.com', 'A', FORWARD],
    ['an alias is not a tasks. name', 'tasks.frontend', 'A', FORWARD],
  ])('%s (%s %s)', (_what, name, type, want) => expect(answer({ name, type }, toRecordTable([front]))).toEqual(want));

  it("a name on two networks answers with both networks' addresses", () => {
    expect(answer({ name: 'app', type: 'A' }, toRecordTable([front, back]))).toEqual(ok('10.0.3.2', '10.0.4.2'));
  });

  it('aliases resolve only on the network that carries them', () => {
    expect(answer({ name: 'frontend', type: 'A' }, toRecordTable([back]))).toEqual(FORWARD);
  });

  it('two services sharing a name on one network: both addresses, each once', () => {
    const other = makeEndpoint({
      serviceId: 'svc9',
      name: 'api_app',
      shortName: 'app',
      stack: 'api',
      vip: '10.0.3.9',
      aliases: ['frontend'],
    });
    const table = toRecordTable([makeView({ services: [app, other, app] })]);
    expect(answer({ name: 'app', type: 'A' }, table)).toEqual(ok('10.0.3.2', '10.0.3.9'));
    expect(answer({ name: 'frontend', type: 'A' }, table)).toEqual(ok('10.0.3.2', '10.0.3.9'));
  });
});
