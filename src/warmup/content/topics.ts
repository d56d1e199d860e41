/**
 * The conversations warm-up mail is about. Each topic is a small phrase book: subject templates,
 * openings, groups of interchangeable details, a closing ask, answers (for a reply) and follow-ups
 * (for a thread's continuation). Templates use the placeholders of vocabulary.ts.
 */
import { OPERATIONS_TOPICS } from './topics-operations.ts';
import { PEOPLE_TOPICS } from './topics-people.ts';
import { WORK_TOPICS } from './topics-work.ts';

export interface Topic {
  key: string;
  subjects: readonly string[];
  openings: readonly string[];
  /** Groups of interchangeable sentences; a message takes one sentence from each of two or three groups. */
  details: readonly (readonly string[])[];
  /** The question or request that ends the first message. */
  asks: readonly string[];
  /** How the recipient answers the first message. */
  answers: readonly string[];
  /** How a thread goes on after the answer (continuations). */
  followUps: readonly string[];
}

export const TOPICS: readonly Topic[] = [...WORK_TOPICS, ...PEOPLE_TOPICS, ...OPERATIONS_TOPICS];

/** Topic matchers built from the subject templates: a placeholder matches any run of characters. */
const SUBJECT_MATCHERS: ReadonlyArray<{ topic: Topic; pattern: RegExp }> = TOPICS.flatMap((topic) =>
  topic.subjects.map((template) => {
    const source = template
      .split(/\{\w+\}/)
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.+?');
    return { topic, pattern: new RegExp(`^${source}$`, 'i') };
  }),
);

/** The topic a subject (without `Re:`) was written from, or undefined for a subject we did not write. */
export function topicOfSubject(subject: string): Topic | undefined {
  return SUBJECT_MATCHERS.find((matcher) => matcher.pattern.test(subject))?.topic;
}
