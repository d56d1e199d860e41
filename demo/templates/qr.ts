/**
 * QR-code phishing ("quishing"): the link is only in an image, so URL filters never see it. The PNG
 * is generated here (demo/lib/qr.ts) and shown inline.
 */
import { qrPng } from '../lib/qr.ts';
import type { Template } from '../lib/types.ts';

const LURES = [
  { brand: 'Microsoft', domain: 'micros0ft-mfa.example', subject: 'Multi-factor authentication must be re-enabled', body: 'Your multi-factor authentication settings expire today. Scan the QR code below with your phone camera to re-enable MFA and keep access to your mailbox.' },
  { brand: 'Payroll Portal', domain: 'payroll-portal-update.example', subject: 'Review your updated salary statement', body: 'Your salary statement for this month is ready. For security reasons it can only be opened on a mobile device: scan the QR code below and sign in with your work account.' },
] as const;

export const qrPhishing: Template = {
  name: 'qr-phishing',
  kind: 'qr',
  count: 5,
  roles: ['payroll', 'helpdesk', 'executive'],
  build({ random, index, recipientName }) {
    const lure = LURES[index % LURES.length]!;
    const url = `https://${lure.domain}/m/${random.token(10)}`;
    return {
      from: { name: `${lure.brand} Security`, address: `no-reply@${lure.domain}` },
      subject: `${lure.subject}`,
      text: `Hello ${recipientName},\n\n${lure.body}\n`,
      html: `<html><body style="font-family:Arial"><p>Hello ${recipientName},</p><p>${lure.body}</p><p><img src="cid:qr-code" alt="QR code" width="264" height="264"></p><p style="font-size:11px">${lure.brand} Security</p></body></html>`,
      attachments: [{ filename: 'qr-code.png', content: qrPng(url), contentType: 'image/png', cid: 'qr-code' }],
    };
  },
};
