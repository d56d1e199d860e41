/**
 * Warm-up content: the built-in ContentWriter (writer.ts), the names people sign with (people.ts) and
 * the linter every draft must pass (lint.ts).
 */
export { BuiltinContentWriter, baseSubject, replySubject } from './writer.ts';
export { correspondentFor, companyFor, displayNameFor, firstName } from './people.ts';
export { lintDraft, type LintProblem } from './lint.ts';
