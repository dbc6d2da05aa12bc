const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * The 3-character suffix that makes a 15-character, case-sensitive ID safe for
 * case-insensitive systems: per 5-character block, bit i is set when character i is an
 * upper-case letter, and the 5-bit value indexes A–Z0–5.
 */
export function idChecksum(id15: string): string {
  let suffix = '';
  for (let block = 0; block < 3; block++) {
    let bits = 0;
    for (let position = 0; position < 5; position++) {
      const char = id15[block * 5 + position] as string;
      if (char >= 'A' && char <= 'Z') bits |= 1 << position;
    }
    suffix += SUFFIX_ALPHABET[bits];
  }
  return suffix;
}

/** 18-character ID from a 15- or 18-character one; `undefined` when it is neither. */
export function toId18(id: string): string | undefined {
  if (/^[a-zA-Z0-9]{18}$/.test(id)) return id.slice(0, 15) + idChecksum(id.slice(0, 15));
  if (/^[a-zA-Z0-9]{15}$/.test(id)) return id + idChecksum(id);
  return undefined;
}

/** Key prefix + pod-ish constant + base-62 counter, as Salesforce IDs look. */
export function newId(keyPrefix: string, sequence: number): string {
  let counter = '';
  let value = sequence;
  for (let index = 0; index < 7; index++) {
    counter = (BASE62[value % 62] as string) + counter;
    value = Math.floor(value / 62);
  }
  const id15 = `${keyPrefix}Dn000${counter}`;
  return id15 + idChecksum(id15);
}
