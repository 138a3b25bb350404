import { describe, expect, it } from 'vitest';
import { unreachableReason } from '../../../cli/client';

describe('unreachableReason', () => {
  it.each([
    [
      'the cause out of grpc-js connection details',
      'No connection established. Last error: Error: connect ECONNREFUSED 127.0.0.1:1. Resolution note: ',
      'connect ECONNREFUSED 127.0.0.1:1',
    ],
    [
      'a cause without the Error prefix',
      'No connection established. Last error: getaddrinfo ENOTFOUND nohost',
      'getaddrinfo ENOTFOUND nohost',
    ],
    ['other details as they are', 'Connection dropped', 'Connection dropped'],
  ])('%s', (_what, details, expected) => {
    expect(unreachableReason(details)).toBe(expected);
  });
});
