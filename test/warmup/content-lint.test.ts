/**
 * The content linter: it catches spam-looking drafts, and nothing the built-in writer produces
 * (thousands of first messages, replies and continuations) trips it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BuiltinContentWriter, correspondentFor, lintDraft } from '../../src/warmup/content/index.ts';
import type { Draft } from '../../src/warmup/types.ts';

const clean: Draft = { subject: 'Notes from Tuesday', text: 'Hi Dana,\n\nThanks for the call.\n\nBest,\nTom\n', html: '<html><body><p>Hi Dana,</p><p>Thanks for the call.</p></body></html>' };

function rules(draft: Partial<Draft>): string[] {
  return lintDraft({ ...clean, ...draft }).map((problem) => `${problem.field}:${problem.rule}`);
}

describe('lintDraft', () => {
  it('passes an ordinary message', () => {
    assert.deepEqual(lintDraft(clean), []);
  });

  it('rejects shouting', () => {
    assert.ok(rules({ subject: 'IMPORTANT MEETING TODAY' }).includes('subject:all_caps'));
    assert.ok(rules({ text: 'Please read this ANNOUNCEMENT carefully.' }).includes('text:all_caps'));
    assert.deepEqual(rules({ text: 'The EMEA and APAC numbers for Q3 are in the PDF.' }), [], 'short acronyms and known regions are fine');
  });

  it('rejects lure words in any field', () => {
    assert.ok(rules({ subject: 'Urgent: verify your account' }).includes('subject:lure'));
    assert.ok(rules({ text: 'Your password expires today.' }).includes('text:lure'));
    assert.ok(rules({ text: 'You are our lucky winner.' }).includes('text:lure'));
    assert.ok(rules({ text: 'Get a free upgrade.' }).includes('text:lure'));
    assert.ok(rules({ html: '<p>Please click here to continue</p>' }).includes('html:lure'));
    assert.deepEqual(rules({ text: 'Freya and the hands-free headsets are both booked.' }), [], 'no false match inside other words');
  });

  it('rejects stacked punctuation, exclamation marks and money amounts', () => {
    assert.ok(rules({ subject: 'Great news!' }).includes('subject:punctuation'));
    assert.ok(rules({ text: 'Really?? Are you sure' }).includes('text:punctuation'));
    assert.ok(rules({ text: 'Wow! Great! Amazing!' }).includes('text:punctuation'));
    assert.ok(rules({ text: 'Earn $$$ at home' }).includes('text:punctuation'));
    assert.ok(rules({ text: 'Only $ 99 this week' }).includes('text:punctuation'));
    assert.deepEqual(rules({ text: 'Thanks! See you soon.' }), [], 'one exclamation mark in a body is fine');
  });

  it('rejects links, images and remote content', () => {
    assert.ok(rules({ text: 'See https://example.com/report' }).includes('text:link'));
    assert.ok(rules({ text: 'Details at www.example.com' }).includes('text:link'));
    assert.ok(rules({ html: '<p><a href="https://example.com">report</a></p>' }).includes('html:markup'));
    assert.ok(rules({ html: '<p>Hi</p><img src="https://t.example/p.gif" width="1" height="1">' }).includes('html:markup'));
    assert.deepEqual(rules({ text: 'On Tue, 10 Mar 2026, Dana <dana@beta.test> wrote:' }), [], 'an address in a quote header is not a link');
  });

  it('rejects empty fields', () => {
    assert.ok(rules({ subject: ' ' }).includes('subject:empty'));
    assert.ok(rules({ text: '' }).includes('text:empty'));
  });
});

describe('the built-in writer passes the linter', () => {
  it('over 3,000 first messages, 1,500 replies and 1,500 continuations', () => {
    const writer = new BuiltinContentWriter();
    const people = ['user1@alpha.test', 'user2@beta.test', 'dana.whitfield@acme-corp.com', 'marcus@northwind.io', 'priya.patel@gmail.com', 'ops@gamma.test'].map(correspondentFor);
    const problems: string[] = [];
    const check = (draft: Draft, what: string) => {
      for (const problem of lintDraft(draft)) problems.push(`${what}: ${problem.field} ${problem.rule} (${problem.message})`);
    };
    for (let i = 0; i < 3000; i++) {
      const from = people[i % people.length]!;
      const to = people[(i + 1 + (i % 5)) % people.length]!;
      const seed = (i * 2654435761) >>> 0;
      const first = writer.newMessage(seed, from, to);
      check(first, `new ${seed}`);
      if (i % 2 === 1) continue;
      const reply = writer.reply(seed + 1, to, from, { subject: first.subject, text: first.text, from, date: new Date(1_773_151_500_000 + i * 60_000), messageId: `<n${i}@x>`, references: [] });
      check(reply, `reply ${seed}`);
      const continuation = writer.reply(seed + 2, from, to, { subject: reply.subject, text: reply.text, from: to, date: new Date(1_773_155_100_000 + i * 60_000), messageId: `<r${i}@x>`, references: [`<n${i}@x>`] });
      check(continuation, `continuation ${seed}`);
    }
    assert.deepEqual(problems.slice(0, 10), []);
  });
});
