import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** A stored value sealed with AES-256-GCM: iv (12 bytes) | tag (16 bytes) | ciphertext, base64. */
export interface Sealed {
  $sealed: string;
}

/** Whether a stored value is sealed. */
export function isSealed(raw: unknown): raw is Sealed {
  return typeof raw === 'object' && raw !== null && typeof (raw as Sealed).$sealed === 'string';
}

/** Seal and open stored values with one 32-byte key; a wrong key or a tampered value fails to open. */
export function createSeal(key: Buffer) {
  if (key.length !== 32) throw new Error('the encryption key must be 32 bytes');
  return {
    seal(value: unknown): Sealed {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const data = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
      return { $sealed: Buffer.concat([iv, cipher.getAuthTag(), data]).toString('base64') };
    },
    open(sealed: Sealed): unknown {
      const raw = Buffer.from(sealed.$sealed, 'base64');
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return JSON.parse(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8'));
    },
  };
}
export type Seal = ReturnType<typeof createSeal>;

/** Read XC_ENCRYPTION_KEY: 64 hex characters or base64 of 32 bytes; undefined when it is neither. */
export function parseKey(text: string): Buffer | undefined {
  if (/^[0-9a-fA-F]{64}$/.test(text)) return Buffer.from(text, 'hex');
  const bytes = Buffer.from(text, 'base64');
  return bytes.length === 32 && /^[A-Za-z0-9+/]+=*$/.test(text) ? bytes : undefined;
}
