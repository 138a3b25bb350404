// How much a stack file may ask of the loader: its size, how deep its maps and lists nest, and how much its
// aliases may add. A file over a limit is refused with one issue naming it, before anything reaches a manager.
// These are YAML-only limits; what a stack may contain (replicas, names, sizes) is checked elsewhere.
import type { SpecIssue } from '../../proto/errors';

/** Stack files are a few KiB (the corpus's largest, full-example.yml, is 9.6 KiB): 1 MiB is 100 times that. */
export const MAX_STACK_FILE_BYTES = 1024 * 1024;

/** Compose nests 9 deep at most (schema 3.13, full-example.yml); 64 keeps recursive passes far from the stack limit. */
export const MAX_NESTING_DEPTH = 64;

/** 200 services merging a 50-value anchor add 10,000 values; a billion-laughs bomb would add 10^9. */
export const MAX_ALIAS_VALUES = 100_000;

/** The issue for a file over MAX_STACK_FILE_BYTES: it names the file and the limit (a position means nothing). */
export function fileTooLarge(file: string): SpecIssue {
  const mib = MAX_STACK_FILE_BYTES / 1024 / 1024;
  return {
    file,
    path: '',
    message: `stack file is larger than the limit of ${mib} MiB (${MAX_STACK_FILE_BYTES} bytes)`,
  };
}
