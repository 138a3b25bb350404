// HOST:PORT as every command line takes it (`--manager`, `--listen`): a host name, an IPv4 address or
// a bracketed IPv6 address, and a port from 1 to 65535.
import { InvalidArgumentError } from '../proto/errors';

const HOST_PORT = /^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/;

export function checkHostPort(value: string, flag: string): string {
  const m = HOST_PORT.exec(value);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 65535) throw new InvalidArgumentError(`${flag}: want HOST:PORT, got ${JSON.stringify(value)}`);
  return value;
}
