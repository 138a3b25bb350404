// HOST:PORT as every command line takes it (`--manager`, `--listen`): a host name, an IPv4 address or
// a bracketed IPv6 address, and a port (ports.ts).
import { InvalidArgumentError } from '../proto/errors';
import { isPort } from './ports';

const HOST_PORT = /^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/;

export function checkHostPort(value: string, flag: string): string {
  const m = HOST_PORT.exec(value);
  if (!m || !isPort(Number(m[2])))
    throw new InvalidArgumentError(`${flag}: want HOST:PORT, got ${JSON.stringify(value)}`);
  return value;
}
