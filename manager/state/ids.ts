// Object ids: 25 random base-36 characters, as Swarm's ids look.
import { randomBytes } from 'node:crypto';

const ID_LENGTH = 25;

export function newId(): string {
  const bytes = randomBytes(ID_LENGTH);
  let out = '';
  for (const b of bytes) out += (b % 36).toString(36);
  return out;
}
