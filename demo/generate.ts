/**
 * The demo's 100 sample messages: templates (demo/templates/) varied deterministically by a seed.
 * `generateDemoMessages` returns each message's raw bytes and SMTP envelope; the same seed, domains
 * and date give the same messages (Message-IDs included, which is how a second `mailwarden demo`
 * recognises mail it already sent).
 *
 *   npx node demo/generate.ts OUT_DIR [--seed N] [--domain D]   writes the messages as .eml files
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import MailComposer from 'nodemailer/lib/mail-composer';
import { DEMO_HONEYPOTS, honeypotAddress } from './honeypots.ts';
import { SeededRandom } from '../src/platform/seeded-random.ts';
import type { DemoKind, MailSpec, Template } from './lib/types.ts';
import { campaign } from './templates/campaign.ts';
import { newsletter, personal, transactional } from './templates/clean.ts';
import { eicarFiles, macroDocuments } from './templates/malware.ts';
import { phishing } from './templates/phishing.ts';
import { qrPhishing } from './templates/qr.ts';
import { htmlSmuggling } from './templates/smuggling.ts';
import { spam } from './templates/spam.ts';

export { DEMO_HONEYPOTS, honeypotAddress } from './honeypots.ts';
export { DEMO_KINDS, type DemoKind } from './lib/types.ts';

/** Default seed; `mailwarden demo --seed N` picks another set of variations. */
export const DEFAULT_SEED = 20260311;

export const TEMPLATES: readonly Template[] = [newsletter, transactional, personal, spam, phishing, macroDocuments, eicarFiles, htmlSmuggling, qrPhishing, campaign];

export interface DemoMessage {
  /** `<template>-<index>`, e.g. `phishing-lookalike-03`; also the .eml file name. */
  name: string;
  kind: DemoKind;
  messageId: string;
  envelopeFrom: string;
  recipient: string;
  /** EHLO name the sending client announces. */
  helo: string;
  raw: Buffer;
}

export interface GenerateOptions {
  /** Default DEFAULT_SEED. */
  seed?: number;
  /** Honeypot domains; the demo honeypots' addresses use them in turn. */
  domains: readonly string[];
  /** Date header base: messages are dated in the hour before it. Default now. */
  now?: Date;
}

export async function generateDemoMessages(options: GenerateOptions): Promise<DemoMessage[]> {
  const seed = options.seed ?? DEFAULT_SEED;
  const now = options.now ?? new Date();
  const messages: DemoMessage[] = [];
  for (const template of TEMPLATES) {
    for (let index = 0; index < template.count; index++) {
      const name = `${template.name}-${String(index + 1).padStart(2, '0')}`;
      const random = new SeededRandom(seed).fork(name);
      const honeypot = DEMO_HONEYPOTS.find((h) => h.role === template.roles[index % template.roles.length])!;
      const recipient = honeypotAddress(honeypot, options.domains);
      const spec = template.build({ random, index, recipient, recipientName: honeypot.greeting });
      const date = new Date(now.getTime() - random.between(60, 3600) * 1000);
      messages.push(await compose(name, template.kind, spec, recipient, date, seed));
    }
  }
  return messages;
}

async function compose(name: string, kind: DemoKind, spec: MailSpec, recipient: string, date: Date, seed: number): Promise<DemoMessage> {
  const domain = spec.from.address.split('@')[1]!;
  const messageId = `<demo-${seed}-${name}@${domain}>`;
  const raw = await new MailComposer({
    from: spec.from,
    to: recipient,
    replyTo: spec.replyTo,
    subject: spec.subject,
    text: spec.text,
    html: spec.html,
    messageId,
    date,
    headers: spec.headers,
    attachments: spec.attachments?.map((a) => ({ filename: a.filename, content: a.content, contentType: a.contentType, cid: a.cid })),
  }).compile().build();
  return { name, kind, messageId, envelopeFrom: spec.envelopeFrom ?? spec.from.address, recipient, helo: spec.helo ?? `mail.${domain}`, raw };
}

/** Writes the messages as `<name>.eml` into `dir` (created when missing). */
export function writeDemoMessages(messages: readonly DemoMessage[], dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (const message of messages) writeFileSync(join(dir, `${message.name}.eml`), message.raw);
}

if (import.meta.main) {
  const [dir, ...rest] = process.argv.slice(2);
  if (dir === undefined) {
    process.stderr.write('Usage: node demo/generate.ts OUT_DIR [--seed N] [--domain D]\n');
    process.exit(2);
  }
  const option = (flag: string) => rest[rest.indexOf(flag) + 1];
  const seed = rest.includes('--seed') ? Number(option('--seed')) : DEFAULT_SEED;
  const domains = rest.includes('--domain') ? [option('--domain')!] : ['honeypot.example'];
  const messages = await generateDemoMessages({ seed, domains });
  writeDemoMessages(messages, dir);
  process.stdout.write(`Wrote ${messages.length} messages to ${dir}\n`);
}
