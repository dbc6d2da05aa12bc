import * as path from 'node:path';

/** One thing wrong with a definition, located well enough for a human to fix it. */
export interface DefinitionProblem {
  /** The module at fault (an action's own file when the problem is inside an action). */
  file: string;
  /** Field path inside that module's definition, e.g. `http.path` or `authModes[0].tokenUrl`. */
  field: string;
  message: string;
}

export function formatFieldPath(segments: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out === '' ? '(root)' : out;
}

/** `<file path>: <field path>: <problem>`, with the file relative to the working directory. */
export function formatProblem(problem: DefinitionProblem, cwd: string = process.cwd()): string {
  const file = path.isAbsolute(problem.file) ? path.relative(cwd, problem.file) : problem.file;
  return `${file}: ${problem.field}: ${problem.message}`;
}
