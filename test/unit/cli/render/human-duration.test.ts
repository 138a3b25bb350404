import { describe, expect, it } from 'vitest';
import { humanDuration, shortDuration } from '../../../../cli/render/human-duration';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const DAY = 24 * H;

describe('humanDuration', () => {
  it.each([
    [500, 'Less than a second'],
    [1 * S, '1 second'],
    [45 * S, '45 seconds'],
    [90 * S, 'About a minute'],
    [5 * M, '5 minutes'],
    [59 * M, '59 minutes'],
    [60 * M, 'About an hour'],
    [2 * H, '2 hours'],
    [47 * H, '47 hours'],
    [3 * DAY, '3 days'],
    [15 * DAY, '2 weeks'],
    [90 * DAY, '3 months'],
    [800 * DAY, '2 years'],
  ])('%i ms reads %j', (ms, expected) => {
    expect(humanDuration(ms)).toBe(expected);
  });
});

describe('shortDuration', () => {
  it.each([
    [850, '850ms'],
    [2100, '2.1s'],
    [59_940, '59.9s'],
    [65 * S, '1m5s'],
    [2 * M, '2m'],
  ])('%i ms reads %j', (ms, expected) => {
    expect(shortDuration(ms)).toBe(expected);
  });
});
