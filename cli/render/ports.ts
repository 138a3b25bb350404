// Published ports as the docker CLI prints them: "*:8080->80/tcp".
import type { PortConfig } from '../../proto/types';

/** Ports published in `mode` ("ingress" for services, "host" for tasks), comma-separated. */
export function formatPorts(ports: readonly PortConfig[], mode: 'ingress' | 'host'): string {
  return ports
    .filter((p) => p.publishedPort > 0 && (p.publishMode || 'ingress') === mode)
    .map((p) => `*:${p.publishedPort}->${p.targetPort}/${p.protocol || 'tcp'}`)
    .join(', ');
}
