// What the stack loader reports for some files: the issues of its InvalidSpecError, or none when it loads.
import { loadStack, type StackFile } from '../../../../cli/stack/load';
import { InvalidSpecError, type SpecIssue } from '../../../../proto/errors';

export function loadIssues(files: StackFile[], env: Record<string, string> = {}, stack = 'st'): SpecIssue[] {
  try {
    loadStack(stack, files, env);
  } catch (e) {
    if (e instanceof InvalidSpecError) return [...e.issues];
    throw e;
  }
  return [];
}

/** One file, `stack.yml`, with this content. */
export const oneFile = (content: string): StackFile[] => [{ path: 'stack.yml', content }];
