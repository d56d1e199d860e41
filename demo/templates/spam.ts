/**
 * Unsolicited bulk mail: miracle products, "you won" lotteries, crypto doubling, SEO offers. Cheap
 * domains, shouting subjects, urgency and money words — unwanted rather than dangerous.
 */
import type { Template } from '../lib/types.ts';

const PITCHES = [
  (r: string) => ({ domain: 'slim-fast-now.example', sender: 'Dr. Health', subject: `LOSE 15 KG IN 3 WEEKS!!! Doctors HATE this trick ${r}`, body: 'Amazing breakthrough!!! Burn fat while you sleep, 100% natural, NO diet, NO exercise. Limited time offer: order today and get 3 bottles FREE. Act now, supplies are running out!!!' }),
  (r: string) => ({ domain: 'intl-lottery-board.example', sender: 'Lottery Claims Dept', subject: `CONGRATULATIONS! You have WON $1,500,000.00 (ref ${r})`, body: 'Your email address was selected in our international online lottery draw. You have won ONE MILLION FIVE HUNDRED THOUSAND US DOLLARS. To claim your prize send your full name, address, phone number and a processing fee of $250 to our claims agent. This is 100% legitimate and risk free.' }),
  (r: string) => ({ domain: 'crypto-doubler.example', sender: 'Bitcoin Profits', subject: `Turn $250 into $12,000 in 7 days — guaranteed (${r})`, body: 'Our AI trading robot earns 400% per week, guaranteed. Thousands of members are already millionaires. Deposit just $250 today and withdraw your profits anytime. Limited spots available, act now before it is too late! Click here to get rich now.' }),
  (r: string) => ({ domain: 'rank-first-seo.example', sender: 'SEO Expert Team', subject: `Get your website on Google page #1 — special price ${r}`, body: 'Dear website owner, we noticed your site is not ranking on the first page of Google. Our SEO experts guarantee #1 ranking in 30 days. 100% money back guarantee. Cheap price, best offer, click here to order now and save 70%!' }),
  (r: string) => ({ domain: 'replica-watches-outlet.example', sender: 'Luxury Outlet', subject: `Rolex replicas 90% OFF — free shipping worldwide ${r}`, body: 'Best quality replica watches at lowest prices!!! 90% off, free worldwide shipping, no prescription needed for our pharmacy section either. Buy now, this offer expires tonight!!!' }),
] as const;

export const spam: Template = {
  name: 'spam',
  kind: 'spam',
  count: 18,
  roles: ['webmaster', 'support', 'newsletters', 'careers', 'seed'],
  build({ random, index, recipient }) {
    const ref = random.token(5, '0123456789');
    const pitch = PITCHES[index % PITCHES.length]!(ref);
    const link = `http://www.${pitch.domain}/?id=${random.token(12)}`;
    return {
      from: { name: pitch.sender, address: `${random.pick(['offers', 'promo', 'info', 'winner'])}${random.between(1, 99)}@${pitch.domain}` },
      envelopeFrom: `${random.token(8)}@${pitch.domain}`,
      helo: `${random.token(6)}.${pitch.domain}`,
      subject: pitch.subject,
      text: `Dear friend,\n\n${pitch.body}\n\nCLICK HERE: ${link}\n\nTo be removed from our list reply REMOVE. Sent to ${recipient}.\n`,
      html: `<html><body><p>Dear friend,</p><p><b><font color="red" size="5">${pitch.body}</font></b></p><p><a href="${link}">CLICK HERE NOW</a></p><p style="color:#fefefe;font-size:1px">${random.token(60, 'abcdefghij klmnop')}</p></body></html>`,
    };
  },
};
