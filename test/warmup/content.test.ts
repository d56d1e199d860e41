/**
 * The built-in ContentWriter: deterministic from the seed, varied enough that mailboxes never repeat
 * each other, replies that quote properly (deep threads included), names from addresses.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BuiltinContentWriter, baseSubject, companyFor, correspondentFor, replySubject } from '../../src/warmup/content/index.ts';
import { fill } from '../../src/warmup/content/vocabulary.ts';
import { TOPICS, topicOfSubject } from '../../src/warmup/content/topics.ts';
import type { Correspondent, Draft, ParentMessage } from '../../src/warmup/types.ts';

const writer = new BuiltinContentWriter();
const alice = correspondentFor('user1@alpha.test');
const bob = correspondentFor('dana.whitfield@beta-works.com');

function parentOf(draft: Draft, from: Correspondent, messageId: string, references: string[], date = '2026-03-10T14:05:00Z'): ParentMessage {
  return { subject: draft.subject, text: draft.text, from, date: new Date(date), messageId, references };
}

/** The answer part of a reply: everything before the quote header. */
function answerOf(text: string): string {
  return text.slice(0, text.indexOf('\nOn '));
}

describe('BuiltinContentWriter', () => {
  it('is deterministic: the same seed and people give the same draft, and subjectFor matches', () => {
    for (const seed of [0, 1, 42, 2 ** 31 - 1, 4_000_000_000]) {
      assert.deepEqual(writer.newMessage(seed, alice, bob), writer.newMessage(seed, alice, bob));
      assert.equal(writer.subjectFor(seed), writer.newMessage(seed, alice, bob).subject);
      assert.equal(writer.subjectFor(seed), writer.newMessage(seed, bob, alice).subject, 'the subject depends on the seed only');
    }
  });

  it('1,000 messages between the same two people: at least 99 % distinct bodies, varied subjects and topics', () => {
    const texts = new Set<string>();
    const htmls = new Set<string>();
    const subjects = new Set<string>();
    const topics = new Set<string>();
    for (let seed = 1; seed <= 1000; seed++) {
      const draft = writer.newMessage(seed * 2654435761, alice, bob);
      texts.add(draft.text);
      htmls.add(draft.html);
      subjects.add(draft.subject);
      topics.add(topicOfSubject(draft.subject)!.key);
    }
    assert.ok(texts.size >= 990, `${texts.size} distinct text bodies`);
    assert.ok(htmls.size >= 990, `${htmls.size} distinct HTML bodies`);
    assert.ok(subjects.size >= 500, `${subjects.size} distinct subjects`);
    assert.equal(topics.size, TOPICS.length, 'every topic is used');
  });

  it('two mailboxes\' days do not repeat each other, even with the same seeds', () => {
    const carol = correspondentFor('marcus.okafor@gamma.test');
    const day = (from: Correspondent, to: Correspondent, base: number) => Array.from({ length: 40 }, (_, i) => writer.newMessage(base + i, from, to).text);
    const a = new Set(day(alice, bob, 1000));
    const b = day(carol, bob, 1000);
    assert.equal(b.filter((text) => a.has(text)).length, 0);
    assert.equal(new Set(b).size, 40);
  });

  it('writes a natural message: greeting with the recipient\'s first name, signature, plain HTML without links or images', () => {
    const draft = writer.newMessage(7, alice, bob);
    assert.match(draft.text, /^(Hi|Hello|Good morning|Dear|Hey)? ?Dana,\n\n/);
    assert.ok(draft.text.includes(alice.name) || draft.text.includes(alice.name.split(' ')[0]!), 'signed with the sender\'s name');
    assert.match(draft.html, /^<html><body><div[^>]*>\n<p>/);
    assert.doesNotMatch(draft.html, /<a\b|<img\b|https?:|src=/i);
    assert.ok(draft.html.includes('<p>'));
  });

  it('derives names and companies from addresses', () => {
    assert.equal(correspondentFor('dana.whitfield@acme.com').name, 'Dana Whitfield');
    assert.equal(correspondentFor('marcus_okafor@acme.com').name, 'Marcus Okafor');
    assert.equal(correspondentFor('priya@acme.com').name, 'Priya');
    const made = correspondentFor('user1@alpha.test').name;
    assert.match(made, /^[A-Z][a-z]+ [A-Z][a-z]+$/, 'a role or test address gets a made-up but stable name');
    assert.equal(correspondentFor('user1@alpha.test').name, made);
    assert.notEqual(correspondentFor('user2@alpha.test').name, made);
    assert.equal(companyFor('dana@acme-corp.co.uk'), 'Acme Corp');
    assert.equal(companyFor('dana@gmail.com'), null);
  });
});

describe('replies and threads', () => {
  it('prefixes one Re: whatever the parent had', () => {
    assert.equal(replySubject('Quick call on Monday?'), 'Re: Quick call on Monday?');
    assert.equal(replySubject('Re: Quick call on Monday?'), 'Re: Quick call on Monday?');
    assert.equal(replySubject('RE: Re: AW: Re[2]: Quick call'), 'Re: Quick call');
    assert.equal(baseSubject('Re:Re:  Atlas update'), 'Atlas update');
  });

  it('answers in the parent\'s topic and quotes the parent below with a header', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const first = writer.newMessage(seed, alice, bob);
      const reply = writer.reply(seed + 7, bob, alice, parentOf(first, alice, `<m${seed}@alpha.test>`, []));
      assert.equal(reply.subject, `Re: ${first.subject}`);
      assert.ok(reply.text.includes(`\nOn Tue, 10 Mar 2026 at 14:05, ${alice.name} <user1@alpha.test> wrote:\n`), reply.text);
      const quoted = first.text.trimEnd().split('\n').map((line) => (line === '' ? '>' : `> ${line}`)).join('\n');
      assert.ok(reply.text.includes(quoted), 'every line of the parent is quoted');
      const topic = topicOfSubject(first.subject)!;
      const answer = answerOf(reply.text);
      const fits = topic.answers.some((template) => new RegExp(template.split(/\{\w+\}/).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.+?')).test(answer));
      assert.ok(fits, `answer fits the topic ${topic.key}: ${answer}`);
      assert.ok(reply.html.includes('<blockquote type="cite"'));
    }
  });

  it('keeps quoting properly three and four levels deep', () => {
    const first = writer.newMessage(11, alice, bob);
    const reply = writer.reply(12, bob, alice, parentOf(first, alice, '<a@alpha.test>', []));
    const third = writer.reply(13, alice, bob, parentOf(reply, bob, '<b@beta.test>', ['<a@alpha.test>'], '2026-03-10T16:30:00Z'));
    const fourth = writer.reply(14, bob, alice, parentOf(third, alice, '<c@alpha.test>', ['<a@alpha.test>', '<b@beta.test>'], '2026-03-11T09:00:00Z'));
    assert.equal(third.subject, `Re: ${first.subject}`);
    assert.equal(fourth.subject, `Re: ${first.subject}`);
    const firstLine = first.text.split('\n').find((line) => line.length > 20)!;
    assert.ok(third.text.includes(`\n>> ${firstLine}\n`), 'the first message is quoted twice in the third');
    assert.ok(fourth.text.includes(`\n>>> ${firstLine}\n`), 'and three times in the fourth');
    assert.ok(fourth.text.includes(`\n> On Tue, 10 Mar 2026 at 16:30, ${bob.name} <dana.whitfield@beta-works.com> wrote:\n`));
    assert.equal((fourth.html.match(/<blockquote/g) ?? []).length, 3, 'nested blockquotes in the HTML');
    // A continuation wraps up (follow-up phrases) rather than answering the first ask again.
    const topic = topicOfSubject(first.subject)!;
    const followUps = topic.followUps.map((template) => template.split(/\{\w+\}/)[0]!);
    assert.ok(followUps.some((start) => answerOf(third.text).includes(start)), answerOf(third.text));
  });

  it('answers a subject it did not write with a generic reply', () => {
    const parent: ParentMessage = { subject: 'Lunch order', text: 'Hi,\n\nWhat would you like?\n', from: bob, date: new Date('2026-03-10T12:00:00Z'), messageId: '<x@y>', references: [] };
    const reply = writer.reply(3, alice, bob, parent);
    assert.equal(reply.subject, 'Re: Lunch order');
    assert.ok(reply.text.includes('> What would you like?'));
  });

  it('fill() refuses an unknown placeholder (a template bug is caught in tests, not in mail)', () => {
    assert.throws(() => fill('Hello {nobody}', {}), /unknown placeholder \{nobody\}/);
  });
});
