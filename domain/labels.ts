// Labels, and the KEY=VALUE text they are written in. One rule, Docker's (opts.ValidateLabel, applied
// by `docker network create --label`, `docker service create --label` and dockerd's --label):
//   - "KEY=VALUE" splits at its first "=", so the value may hold more; "KEY" alone sets "" (as
//     `docker node update --label-add k` and a Compose `labels:` list item without "=" do);
//   - the key is not empty and holds no whitespace; the value may be anything.
// Shoal applies it wherever a label is set by a flag or the API: the agent's --label, `network create
// --label`, `node update --label-add` (the CLI, then the manager), the manager's `network create`.
// Docker is laxer elsewhere: it checks no key in `node update --label-add` or in its Engine API; it
// looks past leading whitespace (Shoal refuses whitespace anywhere in a key). A Compose file's
// `labels:` are split the same way but, as Docker's stack loader does, refused only for an empty key
// (cli/stack/compose-schema.ts), so that a file that deploys on Swarm deploys here.
// Compose's `environment:` list splits the same way (splitKeyValue; its entries: environment.ts).
// Sizes (key and value) are limits.ts's, applied everywhere a label is set, Compose files included.
import { labelSizeProblem } from './limits';

export type ParsedLabel = { ok: true; key: string; value: string } | { ok: false; error: string };

/** KEY=VALUE text split at its first "="; the value is undefined when there is no "=". */
export function splitKeyValue(text: string): { key: string; value: string | undefined } {
  const eq = text.indexOf('=');
  return eq < 0 ? { key: text, value: undefined } : { key: text.slice(0, eq), value: text.slice(eq + 1) };
}

/** Why a label key is not one, or undefined when it is. */
export function labelKeyProblem(key: string): string | undefined {
  if (key === '') return 'empty key';
  if (/\s/.test(key)) return `key ${JSON.stringify(key)} holds whitespace`;
  if (key.includes('=')) return `key ${JSON.stringify(key)} holds "="`;
  return undefined;
}

/**
 * "KEY=VALUE" or "KEY" (value "") as a label, within the size limits; the error says what is wrong, for
 * the caller to name the text.
 */
export function parseLabel(text: string): ParsedLabel {
  const { key, value = '' } = splitKeyValue(text);
  const problem = labelKeyProblem(key) ?? labelSizeProblem(key, value);
  return problem ? { ok: false, error: problem } : { ok: true, key, value };
}
