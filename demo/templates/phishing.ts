/**
 * Credential phishing from look-alike domains: digits for letters (paypa1, micros0ft), brand plus
 * security words, brands in a subdomain. Each asks the reader to sign in on a page that imitates the
 * brand's own.
 */
import type { Template } from '../lib/types.ts';

const LURES = [
  { brand: 'PayPal', domain: 'paypa1-secure.example', path: 'signin/verify', subject: 'Your account has been limited', body: 'We noticed unusual activity on your PayPal account and have temporarily limited what you can do with it. To restore full access, confirm your identity within 24 hours, otherwise your account will be permanently suspended.' },
  { brand: 'Microsoft 365', domain: 'micros0ft-login.example', path: 'owa/auth/logon', subject: 'Action required: your password expires today', body: 'The password for your Microsoft 365 mailbox expires today. Keep your current password by verifying your account now. If you do not verify, you will lose access to your email and files.' },
  { brand: 'Apple', domain: 'appleid-verify-account.example', path: 'account/unlock', subject: 'Your Apple ID has been locked for security reasons', body: 'Your Apple ID was locked because of too many failed sign-in attempts. Unlock your account by confirming your details and payment information. Failure to do so within 48 hours will result in deletion of your account.' },
  { brand: 'DocuSign', domain: 'docusign-secure-review.example', path: 'documents/review', subject: 'Please review and sign: Payment_Agreement.pdf', body: 'You have received a document to review and sign. Sign in with your email account to access the document. The link expires in 24 hours.' },
  { brand: 'Netflix', domain: 'netf1ix-billing.example', path: 'billing/update', subject: 'Your membership is on hold', body: 'We were unable to process your last payment, so your membership has been put on hold. Update your payment details now to avoid cancellation of your account.' },
  { brand: 'Amazon', domain: 'amaz0n-account-security.example', path: 'ap/signin', subject: 'Unusual sign-in attempt detected', body: 'Someone tried to sign in to your Amazon account from a new device. If this was not you, verify your account immediately to secure it. Your account will be suspended if you do not respond.' },
] as const;

export const phishing: Template = {
  name: 'phishing-lookalike',
  kind: 'phishing',
  count: 16,
  roles: ['helpdesk', 'support', 'webmaster', 'careers', 'executive'],
  build({ random, index, recipient, recipientName }) {
    const lure = LURES[index % LURES.length]!;
    const token = random.token(16);
    const url = `https://${lure.domain}/${lure.path}?session=${token}&user=${encodeURIComponent(recipient)}`;
    const caseId = `${random.token(3, 'ABCDEFGHJKLMNPQRSTUVWXYZ')}-${random.between(1000, 9999)}-${random.between(100, 999)}`;
    return {
      from: { name: `${lure.brand} Security`, address: `security-alert@${lure.domain}` },
      envelopeFrom: `${random.token(6)}@mailer.${lure.domain}`,
      replyTo: `support-${random.between(10, 99)}@${lure.domain}`,
      subject: `${lure.subject} [Case ${caseId}]`,
      text: `Dear ${recipientName},\n\n${lure.body}\n\nVerify your account: ${url}\n\nCase ID: ${caseId}\n${lure.brand} Account Security Team\n`,
      html: `<html><body style="font-family:Arial"><p>Dear ${recipientName},</p><p>${lure.body}</p><p><a href="${url}" style="background:#0070ba;color:#fff;padding:10px 18px;text-decoration:none">Verify your account</a></p><p style="font-size:11px;color:#666">Case ID: ${caseId}<br>&copy; ${lure.brand}. All rights reserved.</p></body></html>`,
    };
  },
};
