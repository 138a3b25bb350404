import { describe, expect, it } from 'vitest';
import { ProgressBatches } from '../../../cli/progress-batches';
import type { ServiceProgress__Output } from '../../../proto/generated/shoal/v1/ServiceProgress';

const svc = (service: string, running: number): ServiceProgress__Output => ({
  service,
  desired: 2,
  running,
  converged: running === 2,
  removed: false,
  tasks: [],
  updateState: '',
  updateMessage: '',
  tasksNotShown: 0,
});

describe('ProgressBatches', () => {
  it('gives the whole picture only at the end of each batch, each service as last sent', () => {
    const b = new ProgressBatches();
    expect(b.receive({ services: [svc('a', 0)], converged: false, batchEnd: false })).toBeUndefined();
    expect(b.receive({ services: [svc('b', 2)], converged: false, batchEnd: true })).toEqual({
      services: [svc('a', 0), svc('b', 2)],
      converged: false,
      batchEnd: true,
    });
    expect(b.receive({ services: [svc('a', 2)], converged: true, batchEnd: true })).toEqual({
      services: [svc('a', 2), svc('b', 2)],
      converged: true,
      batchEnd: true,
    });
  });
});
