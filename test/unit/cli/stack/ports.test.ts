import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { comparePorts, parsePortSpec } from '../../../../cli/stack/ports';
import type { PortConfig } from '../../../../proto/types';

const CORPUS = path.resolve(__dirname, '../../../..', '../shared/compose-corpus');
const table = JSON.parse(fs.readFileSync(path.join(CORPUS, 'tables/docker-cli-schema-ports.json'), 'utf8')) as {
  cases: { ports: (string | number)[]; valid: boolean }[];
};

const p = (targetPort: number, publishedPort = 0, protocol = 'tcp'): PortConfig => ({
  protocol,
  targetPort,
  publishedPort,
  publishMode: 'ingress',
});

describe('parsePortSpec', () => {
  it.each(table.cases.map((c) => ({ spec: c.ports[0]!, valid: c.valid })))(
    'docker CLI schema case $spec is valid: $valid',
    ({ spec, valid }) => {
      expect(parsePortSpec(spec).ok).toBe(valid);
    },
  );

  it.each([
    [8000, [p(8000)], ''],
    ['8000:80', [p(80, 8000)], ''],
    ['8001-8003', [p(8001), p(8002), p(8003)], ''],
    ['80-82:8080-8082', [p(8080, 80), p(8081, 81), p(8082, 82)], ''],
    ['90-91:8090-8091/udp', [p(8090, 90, 'udp'), p(8091, 91, 'udp')], ''],
    ['8000-8002:80', [p(80, 8000), p(80, 8001), p(80, 8002)], ''],
    ['127.0.0.1:5000:5000', [p(5000, 5000)], '127.0.0.1'],
    ['[::1]:8080:8000/sctp', [p(8000, 8080, 'sctp')], '::1'],
  ] as const)('%j expands to one PortConfig per port', (spec, ports, hostIp) => {
    expect(parsePortSpec(spec)).toEqual({ ok: true, ports, hostIp });
  });

  it('expands a range to as many ports as it spans', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 65000 }), fc.integer({ min: 0, max: 50 }), (start, span) => {
        const out = parsePortSpec(`${start}-${start + span}:${start}-${start + span}`);
        expect(out.ok && out.ports.length).toBe(span + 1);
      }),
    );
  });
});

describe('comparePorts', () => {
  it('orders by published port, then target, protocol and mode, whatever the input order', () => {
    const port = fc.record({
      protocol: fc.constantFrom('tcp', 'udp'),
      targetPort: fc.integer({ min: 1, max: 100 }),
      publishedPort: fc.integer({ min: 0, max: 100 }),
      publishMode: fc.constantFrom('ingress', 'host'),
    });
    fc.assert(
      fc.property(fc.array(port, { maxLength: 12 }), (ports) => {
        const sorted = [...ports].sort(comparePorts);
        expect([...ports].reverse().sort(comparePorts)).toEqual(sorted);
        for (let i = 1; i < sorted.length; i++)
          expect(sorted[i - 1]!.publishedPort).toBeLessThanOrEqual(sorted[i]!.publishedPort);
      }),
    );
  });
});
