// Published ports: the Compose short syntax ("[ip:][published[-end]:]target[-end][/protocol]") expanded to one
// PortConfig per port, as `docker stack deploy` does, and the deterministic order Shoal stores them in.
import { isIP } from 'node:net';
import type { PortConfig } from '../../proto/types';
import { MAX_PORT, parsePortRange } from '../../domain/ports';
import { PORT_PROTOCOLS } from '../../domain/spec-values';

export const DEFAULT_PROTOCOL = 'tcp';
export const DEFAULT_PUBLISH_MODE = 'ingress';

export type ParsedPorts = { ok: true; ports: PortConfig[]; hostIp: string } | { ok: false; error: string };

/** Splits "ip:published:target", "published:target" or "target"; an IPv6 host address is in brackets. */
function splitSpec(spec: string): { ip: string; published: string; target: string } | undefined {
  let rest = spec;
  let ip = '';
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']:');
    if (close < 0) return undefined;
    ip = rest.slice(1, close);
    rest = rest.slice(close + 2);
    const parts = rest.split(':');
    return parts.length === 2 ? { ip, published: parts[0]!, target: parts[1]! } : undefined;
  }
  const parts = rest.split(':');
  if (parts.length === 1) return { ip, published: '', target: parts[0]! };
  if (parts.length === 2) return { ip, published: parts[0]!, target: parts[1]! };
  if (parts.length === 3) return { ip: parts[0]!, published: parts[1]!, target: parts[2]! };
  return undefined;
}

function port(protocol: string, target: number, published: number): PortConfig {
  return { protocol, targetPort: target, publishedPort: published, publishMode: DEFAULT_PUBLISH_MODE };
}

/** Parses one short-syntax entry (a string, or a bare number meaning the target port). */
export function parsePortSpec(entry: string | number): ParsedPorts {
  const text = String(entry).trim();
  const bad = (why: string): ParsedPorts => ({ ok: false, error: `invalid port ${JSON.stringify(text)}: ${why}` });
  const [spec, protocol = DEFAULT_PROTOCOL, ...extra] = text.split('/');
  if (extra.length > 0 || !(PORT_PROTOCOLS as readonly string[]).includes(protocol)) {
    return bad(`protocol must be one of ${PORT_PROTOCOLS.join(', ')}`);
  }
  const parts = splitSpec(spec!);
  if (!parts) return bad('expected [ip:][published:]target');
  if (parts.ip !== '' && isIP(parts.ip) === 0) return bad(`${JSON.stringify(parts.ip)} is not an IP address`);
  const target = parsePortRange(parts.target);
  if (!target) return bad(`target must be a port (1-${MAX_PORT}) or an ascending range of ports`);
  if (parts.published === '') {
    const ports: PortConfig[] = [];
    for (let t = target.start; t <= target.end; t++) ports.push(port(protocol, t, 0));
    return { ok: true, ports, hostIp: parts.ip };
  }
  const published = parsePortRange(parts.published);
  if (!published) return bad(`published must be a port (1-${MAX_PORT}) or an ascending range of ports`);
  const targetCount = target.end - target.start;
  const publishedCount = published.end - published.start;
  const ports: PortConfig[] = [];
  if (targetCount === publishedCount) {
    for (let i = 0; i <= targetCount; i++) ports.push(port(protocol, target.start + i, published.start + i));
  } else if (targetCount === 0) {
    // One target published on each port of a range, as Docker expands it.
    for (let p = published.start; p <= published.end; p++) ports.push(port(protocol, target.start, p));
  } else {
    return bad('published and target ranges differ in length');
  }
  return { ok: true, ports, hostIp: parts.ip };
}

/** Stable order: published port, then target port, protocol, publish mode. */
export function comparePorts(a: PortConfig, b: PortConfig): number {
  return (
    a.publishedPort - b.publishedPort ||
    a.targetPort - b.targetPort ||
    a.protocol.localeCompare(b.protocol) ||
    a.publishMode.localeCompare(b.publishMode)
  );
}
