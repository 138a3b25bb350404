// `shoal stack config`: the merged, normalized stack as YAML, the way `docker stack config` prints it.
import { stringify } from 'yaml';

export function renderStackConfig(config: Record<string, unknown>): string {
  // lineWidth 0: never fold long values (commands, constraints) across lines.
  return stringify(config, { indent: 2, indentSeq: true, lineWidth: 0, nullStr: 'null' });
}
