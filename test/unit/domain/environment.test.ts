import { describe, expect, it } from 'vitest';
import { canonicalEnv } from '../../../domain/environment';

describe('canonicalEnv', () => {
  it.each([
    { entries: [], want: [] },
    { entries: ['B=2', 'A=1'], want: ['A=1', 'B=2'] },
    { entries: ['A=1', 'B=2', 'A=3'], want: ['A=3', 'B=2'] },
    { entries: ['b=1', 'B=2', 'a=3'], want: ['B=2', 'a=3', 'b=1'] },
    { entries: ['A_B=1', 'A=2', 'A-B=3'], want: ['A=2', 'A-B=3', 'A_B=1'] },
    { entries: ['X10=1', 'X9=2'], want: ['X10=1', 'X9=2'] },
    { entries: ['K=a=b', 'K=c'], want: ['K=c'] },
  ])('$entries is stored as $want', ({ entries, want }) => expect(canonicalEnv(entries)).toEqual(want));
});
