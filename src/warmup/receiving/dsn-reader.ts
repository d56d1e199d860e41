/**
 * The DsnReader the receiving side uses: the sender engineer's DSN parser and bounce classifier
 * (src/warmup/bounces/) behind the small interface dsn-intake.ts needs.
 */
import { classifyBounce, parseDsn } from '../bounces/index.ts';
import type { DsnReader } from './dsn-intake.ts';

export const builtinDsnReader: DsnReader = {
  parse: parseDsn,
  classify(status, diagnostic) {
    const { type, category } = classifyBounce({ status, text: diagnostic });
    return { type, category };
  },
};
