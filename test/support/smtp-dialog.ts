/**
 * A plain-socket SMTP client for tests that need the exact reply to each command (nodemailer hides
 * them behind one error). Reads multi-line replies (`250-…` … `250 …`) as one.
 */
import net from 'node:net';

export interface SmtpDialog {
  /** The greeting. */
  greeting: string;
  /** Sends one command line (CRLF added) and resolves with the full reply. */
  send(line: string): Promise<string>;
  /** Sends raw bytes (message content) without waiting for a reply. */
  write(data: string | Buffer): void;
  /** Resolves with the next reply (after `write`). */
  reply(): Promise<string>;
  close(): void;
}

export function openSmtpDialog(port: number, host = '127.0.0.1'): Promise<SmtpDialog> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, host);
    let buffer = '';
    const waiting: Array<(reply: string) => void> = [];
    const replies: string[] = [];
    function takeReplies() {
      for (;;) {
        const lines = buffer.split('\r\n');
        let end = -1;
        for (let i = 0; i < lines.length - 1; i++) {
          if (/^\d{3} /.test(lines[i]!) || (/^\d{3}$/.test(lines[i]!))) {
            end = i;
            break;
          }
        }
        if (end < 0) return;
        const reply = lines.slice(0, end + 1).join('\n');
        buffer = lines.slice(end + 1).join('\r\n');
        const waiter = waiting.shift();
        if (waiter !== undefined) waiter(reply);
        else replies.push(reply);
      }
    }
    const next = () => new Promise<string>((res) => {
      const ready = replies.shift();
      if (ready !== undefined) res(ready);
      else waiting.push(res);
    });
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      takeReplies();
    });
    socket.on('close', () => {
      for (const waiter of waiting.splice(0)) waiter('(connection closed)');
    });
    socket.once('error', reject);
    next().then((greeting) => {
      resolve({
        greeting,
        send(line) {
          socket.write(`${line}\r\n`);
          return next();
        },
        write(data) {
          socket.write(data);
        },
        reply: next,
        close() {
          socket.destroy();
        },
      });
    }, reject);
  });
}

/** A message as DATA content: lines starting with "." get another, a final CRLF, and the "." line. */
export function dataLines(raw: Buffer): Buffer {
  const text = raw.toString('latin1').replace(/(^|\n)\./g, '$1..');
  return Buffer.from(`${text.endsWith('\r\n') ? text : `${text}\r\n`}.\r\n`, 'latin1');
}
