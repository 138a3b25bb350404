import type { Metadata, ServiceError } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, InvalidSpecError, type SpecIssue } from '../../../proto/errors';
import { fromGrpcError, toGrpcError } from '../../../proto/grpc-errors';

/** What a refusal costs in HTTP/2 trailers: its message and its metadata. */
function trailerBytes(e: Partial<ServiceError>): number {
  const metadata = Object.values((e.metadata as Metadata).getMap()).reduce<number>(
    (n, v) => n + (Buffer.isBuffer(v) ? Math.ceil(v.length / 3) * 4 : String(v).length),
    0,
  );
  return Buffer.byteLength(encodeURIComponent(e.details ?? '')) + metadata;
}

describe('toGrpcError', () => {
  it('keeps a refusal of a very large request small enough to arrive, saying how much was left out', () => {
    const issues: SpecIssue[] = Array.from({ length: 10_000 }, (_, i) => ({
      path: `services[${i}].deploy.replicas`,
      message: 'replicas 1000000000 is over the limit of 100000',
    }));
    const wire = toGrpcError(new InvalidSpecError(issues));
    expect(trailerBytes(wire)).toBeLessThan(32 * 1024);
    const back = fromGrpcError(wire as ServiceError) as InvalidSpecError;
    expect(back).toBeInstanceOf(InvalidSpecError);
    expect(back.issues[0]).toEqual(issues[0]);
    expect(back.issues.at(-1)!.message).toBe(`... and ${10_001 - back.issues.length} more issues`);
  });

  it('passes a small refusal whole', () => {
    const issues = [{ path: 'name', message: 'invalid stack name "-x"' }];
    const back = fromGrpcError(toGrpcError(new InvalidSpecError(issues)) as ServiceError) as InvalidSpecError;
    expect(back.issues).toEqual(issues);
  });

  it('cuts a very long message', () => {
    const wire = toGrpcError(new InvalidArgumentError(`bad value ${'x'.repeat(100_000)}`));
    expect(wire.details!.length).toBeLessThan(9 * 1024);
    expect(wire.details!.endsWith('...')).toBe(true);
  });
});
