/**
 * The built-in ContentWriter: natural business conversations put together from the phrase books in
 * topics*.ts, deterministic from the seed (src/warmup/types.ts: only the seed is stored).
 *
 * - The subject depends on the seed alone (`subjectFor`), the body on the seed and both addresses, so
 *   two mailboxes given the same seed still write different bodies.
 * - A reply keeps the thread's subject with one `Re: `, answers in the parent's topic (found from the
 *   subject), and quotes the parent below ("On <date>, <name> <email> wrote:" then `> ` lines); a
 *   parent that itself quotes is quoted again (`>>`), so deep threads read as usual.
 */
import type { ContentWriter, Correspondent, Draft, ParentMessage } from '../types.ts';
import { companyFor, firstName, titleFor } from './people.ts';
import { mixSeed, Random, hashString } from './random.ts';
import { renderHtml, renderText, quoteDate, type MessageParts } from './render.ts';
import { TOPICS, topicOfSubject, type Topic } from './topics.ts';
import { CLOSING_LINES, drawFills, fill, GREETINGS, PLEASANTRIES, REPLY_ADDENDA, REPLY_OPENERS, SIGN_OFFS, type Fills } from './vocabulary.ts';

/** Answers for a subject we did not write (no topic found). */
const GENERIC_ANSWERS = [
  'Thanks, that all makes sense to me.',
  'Sounds good. I will take a closer look this week.',
  'Thanks for the update, nothing to add from my side.',
  'Good to know. I will get back to you by {weekday}.',
  'That works for me.',
];
const GENERIC_FOLLOW_UPS = ['Great, thanks.', 'Perfect, thank you.', 'Thanks, speak soon.', 'Sounds good.'];

/** Strips any run of reply/forward prefixes ("Re: RE: Aw: Re[2]:") from a subject. */
export function baseSubject(subject: string): string {
  return subject.replace(/^\s*((re|aw|sv|antw)(\[\d+\])?\s*:\s*)+/i, '').trim();
}

/** The subject of an answer: the thread's subject with exactly one `Re: `. */
export function replySubject(subject: string): string {
  return `Re: ${baseSubject(subject)}`;
}

interface Scenario {
  topic: Topic;
  fills: Fills;
  subject: string;
}

function scenarioFor(seed: number): Scenario {
  const random = new Random(mixSeed(seed, 'scenario'));
  const topic = random.pick(TOPICS);
  const fills = drawFills(random);
  return { topic, fills, subject: fill(random.pick(topic.subjects), fills) };
}

/** The sign-off and a person's signature block; its style is stable per address, as a real person's would be. */
function signature(signOff: string, from: Correspondent): string[] {
  const company = companyFor(from.email);
  const title = titleFor(from.email);
  const style = hashString(`signature:${from.email.toLowerCase()}`) % 4;
  const org = company === null ? [] : [company];
  if (style === 0) return [signOff, from.name, title, ...org];
  if (style === 1) return [signOff, from.name, company === null ? title : `${title}, ${company}`];
  if (style === 2) return [signOff, from.name, ...org];
  return [signOff, firstName(from.name), '', '-- ', from.name, company === null ? title : `${title} | ${company}`];
}

function greeting(random: Random, to: Correspondent): string {
  return fill(random.pick(GREETINGS), { first: firstName(to.name) });
}

export class BuiltinContentWriter implements ContentWriter {
  subjectFor(seed: number): string {
    return scenarioFor(seed).subject;
  }

  newMessage(seed: number, from: Correspondent, to: Correspondent): Draft {
    const { topic, fills, subject } = scenarioFor(seed);
    const random = new Random(mixSeed(seed, 'body', from.email.toLowerCase(), to.email.toLowerCase()));
    const say = (template: string) => fill(template, fills);
    const opening = [random.chance(0.5) ? say(random.pick(PLEASANTRIES)) : '', say(random.pick(topic.openings))].filter((s) => s !== '');
    const groups = random.sample(topic.details, topic.details.length > 2 && random.chance(0.6) ? 3 : 2);
    const details = groups.map((group) => say(random.pick(group)));
    const ask = [say(random.pick(topic.asks)), random.chance(0.6) ? say(random.pick(CLOSING_LINES)) : ''].filter((s) => s !== '');
    // Three details read better as two paragraphs.
    const detailParagraphs = details.length === 3 && random.chance(0.5) ? [details.slice(0, 2).join(' '), details[2]!] : [details.join(' ')];
    const paragraphs: string[][] = [[greeting(random, to)], [opening.join(' ')], ...detailParagraphs.map((p) => [p]), [ask.join(' ')]];
    return this.finish(subject, paragraphs, random, from);
  }

  reply(seed: number, from: Correspondent, to: Correspondent, parent: ParentMessage): Draft {
    const subject = replySubject(parent.subject);
    const topic = topicOfSubject(baseSubject(parent.subject));
    const random = new Random(mixSeed(seed, 'reply', from.email.toLowerCase(), to.email.toLowerCase(), parent.messageId));
    const fills = drawFills(random);
    const say = (template: string) => fill(template, fills);
    // The first answer in a thread replies to the ask; later ones wrap up (their parent has references).
    const continuing = parent.references.length > 0;
    const pool = continuing ? (topic?.followUps ?? GENERIC_FOLLOW_UPS) : (topic?.answers ?? GENERIC_ANSWERS);
    const sentences = [continuing ? '' : random.pick(REPLY_OPENERS), say(random.pick(pool)), continuing ? '' : say(random.pick(REPLY_ADDENDA))];
    const paragraphs: string[][] = [[greeting(random, parent.from)], [sentences.filter((s) => s !== '').join(' ')]];
    const quote = { header: `On ${quoteDate(parent.date)}, ${parent.from.name} <${parent.from.email}> wrote:`, text: parent.text };
    return this.finish(subject, paragraphs, random, from, quote);
  }

  private finish(subject: string, paragraphs: string[][], random: Random, from: Correspondent, quote?: MessageParts['quote']): Draft {
    // Replies (and some first messages) end with a short sign-off instead of the full signature block.
    const signOff = random.pick(SIGN_OFFS);
    const short = quote !== undefined || random.chance(0.25);
    const lines = short ? [signOff, random.chance(0.5) ? firstName(from.name) : from.name] : signature(signOff, from);
    const parts: MessageParts = { paragraphs, signature: lines, quote };
    return { subject, text: renderText(parts), html: renderHtml(parts) };
  }
}
