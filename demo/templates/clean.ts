/**
 * Legitimate mail: newsletters, transactional notices and ordinary correspondence. Every sender is a
 * made-up business under .example; links stay on the sender's own domain.
 */
import type { Template } from '../lib/types.ts';

const NEWSLETTERS = [
  { brand: 'Trailhead Outfitters', domain: 'trailhead-outfitters.example', topic: 'Spring hiking checklist', items: ['Five day hikes within two hours of the city', 'How to pick a rain shell that breathes', 'Workshop: map and compass basics, Saturday 10:00'] },
  { brand: 'The Sourdough Letter', domain: 'sourdough-letter.example', topic: 'Hydration, explained', items: ['Why 75 % is a good starting point', 'Reader question: my crumb is dense', 'A rye loaf for busy weekdays'] },
  { brand: 'Northwind Engineering Blog', domain: 'northwind-eng.example', topic: 'This month in engineering', items: ['Migrating 40 services to a new queue without downtime', 'What we learned from our on-call survey', 'Open positions in the platform team'] },
  { brand: 'City Library', domain: 'citylibrary.example', topic: 'Events this week', items: ['Author talk: the history of the harbour', 'Children\'s reading hour moves to Thursday', 'New: borrow a telescope'] },
] as const;

export const newsletter: Template = {
  name: 'newsletter',
  kind: 'newsletter',
  count: 14,
  roles: ['newsletters', 'newsletters', 'support', 'seed'],
  build({ random, index, recipient }) {
    const n = NEWSLETTERS[index % NEWSLETTERS.length]!;
    const issue = 40 + index + random.between(0, 3);
    const base = `https://www.${n.domain}`;
    const list = n.items.map((item, i) => `<li><a href="${base}/issue-${issue}/${i + 1}">${item}</a></li>`).join('');
    return {
      from: { name: n.brand, address: `news@${n.domain}` },
      envelopeFrom: `bounces+${random.token(10)}@${n.domain}`,
      helo: `mta${random.between(1, 4)}.${n.domain}`,
      subject: `${n.topic} — issue #${issue}`,
      text: [`${n.brand} — issue #${issue}`, '', ...n.items.map((item) => `* ${item}`), '', `Read online: ${base}/issue-${issue}`, `You receive this because ${recipient} subscribed. Unsubscribe: ${base}/unsubscribe`].join('\n'),
      html: `<html><body><h1>${n.brand}</h1><p>Issue #${issue}: ${n.topic}.</p><ul>${list}</ul><p style="font-size:12px">You receive this because ${recipient} subscribed. <a href="${base}/unsubscribe">Unsubscribe</a></p></body></html>`,
      headers: { 'List-Unsubscribe': `<${base}/unsubscribe>`, 'List-Id': `<news.${n.domain}>` },
    };
  },
};

const NOTICES = [
  (ref: string, amount: string) => ({ shop: 'Harbor Coffee Roasters', domain: 'harborcoffee.example', subject: `Your order ${ref} has shipped`, body: `Good news: order ${ref} (2 × Ethiopia Guji, 250 g) left our roastery today. Total charged: ${amount}. Track it on our site under "My orders".` }),
  (ref: string) => ({ shop: 'Pinecrest Dental', domain: 'pinecrest-dental.example', subject: 'Appointment reminder for next Tuesday', body: `This is a reminder of your check-up on Tuesday at 09:30 (booking ${ref}). If you need to move it, call the practice or reply to this message.` }),
  (ref: string, amount: string) => ({ shop: 'Metro Transit', domain: 'metrotransit.example', subject: `Receipt for your monthly pass ${ref}`, body: `Thank you for renewing your monthly pass. Amount: ${amount}, paid by card ending in 4417. The receipt is also in your account history.` }),
  (ref: string) => ({ shop: 'Greenfield Utilities', domain: 'greenfield-utilities.example', subject: 'Your meter reading was received', body: `We received the meter reading you submitted (reference ${ref}). Your next statement will use it; nothing else is needed from you.` }),
] as const;

export const transactional: Template = {
  name: 'transactional',
  kind: 'transactional',
  count: 12,
  roles: ['support', 'billing', 'seed'],
  build({ random, index, recipientName }) {
    const ref = `${random.token(2, 'ABCDEFGHJKLMNPQRSTUVWXYZ')}-${random.between(100000, 999999)}`;
    const amount = `€${random.between(12, 89)}.${String(random.between(0, 99)).padStart(2, '0')}`;
    const notice = NOTICES[index % NOTICES.length]!(ref, amount);
    return {
      from: { name: notice.shop, address: `no-reply@${notice.domain}` },
      helo: `smtp.${notice.domain}`,
      subject: notice.subject,
      text: `Hello ${recipientName},\n\n${notice.body}\n\nKind regards,\n${notice.shop}\nhttps://www.${notice.domain}\n`,
    };
  },
};

const COLLEAGUES = [
  { name: 'Ana Ribeiro', address: 'ana.ribeiro@lighthouse-studio.example' },
  { name: 'Tomasz Nowak', address: 'tomasz@kestrel-consulting.example' },
  { name: 'Priya Raman', address: 'priya.raman@bluefin-analytics.example' },
  { name: 'Jonas Berg', address: 'jonas.berg@fjordline-logistics.example' },
] as const;

const NOTES = [
  { subject: 'Notes from Thursday', body: 'Thanks for the call on Thursday. As agreed, I will send the revised timeline by the end of next week, and we will review the staffing plan together on the 14th.' },
  { subject: 'Lunch next week?', body: 'Are you free for lunch next Wednesday? The new place near the station has a good lunch menu. Let me know what suits you.' },
  { subject: 'Conference slides', body: 'I finally cleaned up the slides from the conference talk. Happy to walk you through them, the section on capacity planning is the interesting part.' },
  { subject: 'Re: quarterly planning', body: 'Agreed on the priorities. I moved the reporting work to the second half of the quarter so the migration gets the team\'s full attention first.' },
] as const;

export const personal: Template = {
  name: 'personal',
  kind: 'personal',
  count: 8,
  roles: ['careers', 'vendor', 'seed', 'support'],
  build({ random, index, recipientName }) {
    const sender = COLLEAGUES[index % COLLEAGUES.length]!;
    const note = NOTES[(index + random.between(0, 3)) % NOTES.length]!;
    return {
      from: sender,
      subject: note.subject,
      text: `Hi ${recipientName},\n\n${note.body}\n\nBest,\n${sender.name.split(' ')[0]}\n`,
    };
  },
};
