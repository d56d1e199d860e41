/**
 * The EICAR anti-virus test file: exactly these 68 ASCII characters at the start of the file,
 * optionally followed by white space, 128 bytes at most in all (the EICAR definition). Every scanner
 * reports it as malware by convention, which makes it the safe way to test a malware pipeline.
 */

export const EICAR = 'X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*';
export const EICAR_THREAT_NAME = 'EICAR-Test-File';

const SIGNATURE = Buffer.from(EICAR, 'latin1');
const MAX_LENGTH = 128;

export function isEicar(bytes: Uint8Array): boolean {
  if (bytes.length < SIGNATURE.length || bytes.length > MAX_LENGTH) return false;
  if (!Buffer.from(bytes.buffer, bytes.byteOffset, SIGNATURE.length).equals(SIGNATURE)) return false;
  for (let i = SIGNATURE.length; i < bytes.length; i++) {
    const byte = bytes[i]!;
    // Space, tab, LF, CR, and the DOS end-of-file byte (Ctrl-Z) that old editors appended.
    if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x1a) return false;
  }
  return true;
}
