/**
 * Platform API keys: `octo_live_<32-hex-id>_<base64url-secret>`.
 * Nothing here ever returns or echoes the secret part of a key.
 */

export const KEY_PATTERN = /^octo_live_([0-9a-f]{32})_([A-Za-z0-9_-]{8,})$/;

/** Why a key does not have the documented format, in words that never repeat the key; null when it does. */
export function keyFormatProblem(input: string): string | null {
  const key = input;
  if (key.length === 0) return 'Enter your Platform API key.';
  if (/^Bearer\s/i.test(key)) return 'Paste only the key, without the word "Bearer".';
  if (/\s/.test(key)) return 'The key contains spaces or line breaks; paste it again without them.';
  if (!key.startsWith('octo_live_')) return 'A Platform API key starts with "octo_live_".';
  const rest = key.slice('octo_live_'.length);
  const id = rest.slice(0, 32);
  if (id.length < 32 || !/^[0-9a-f]{32}$/.test(id)) {
    return 'After "octo_live_" a key has a 32-character id of digits and lowercase letters a to f.';
  }
  if (rest[32] !== '_') return 'The key id must be followed by "_" and the secret part.';
  const secret = rest.slice(33);
  if (secret.length < 8) return 'The secret part after the id is missing or too short; copy the whole key.';
  if (!/^[A-Za-z0-9_-]+$/.test(secret)) return 'The secret part may only contain letters, digits, "-" and "_".';
  return null;
}

/** The non-secret display prefix, as `/me` reports it (e.g. `octo_live_3f9c1a2b4d`). */
export function keyPrefix(key: string): string | undefined {
  const match = KEY_PATTERN.exec(key);
  return match ? `octo_live_${match[1]!.slice(0, 10)}` : undefined;
}

/** The key id (middle segment), which `/me` reports as `key.id`. */
export function keyId(key: string): string | undefined {
  return KEY_PATTERN.exec(key)?.[1];
}

/** A masked form safe for logs and journals: the prefix and an ellipsis, or a placeholder. */
export function maskKey(key: string): string {
  const prefix = keyPrefix(key);
  if (prefix) return `${prefix}…`;
  return key.length > 0 ? '[redacted]' : '';
}
