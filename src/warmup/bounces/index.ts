/**
 * Bounces: classification of SMTP replies and DSN status codes into type and category (classify.ts),
 * and the DSN parser the recipient side uses on the sender's INBOX (dsn.ts).
 */
export { classifyBounce, enhancedCodeIn, replyCodeIn, type BounceClass, type BounceInput } from './classify.ts';
export { parseDsn, type DsnRecipient, type DsnReport } from './dsn.ts';
