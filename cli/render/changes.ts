// What `stack deploy` and `service update` print about each service the manager changed.
import type { ServiceChange__Output } from '../../proto/generated/shoal/v1/ServiceChange';

const CHANGE_VERB: Record<string, string> = {
  created: 'Creating',
  updated: 'Updating',
  scaled: 'Scaling',
  removed: 'Removing',
  rolled_back: 'Rolling back',
  rebalancing: 'Rebalancing',
};

/** "Creating service web_app", as `docker stack deploy` prints; unchanged services print nothing. */
export function renderChanges(changes: readonly Pick<ServiceChange__Output, 'service' | 'change'>[]): string[] {
  return changes.filter((c) => CHANGE_VERB[c.change]).map((c) => `${CHANGE_VERB[c.change]} service ${c.service}`);
}
