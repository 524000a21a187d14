// OPH's OID arc: 1.2.246.562.<node>.<10 random digits><check digit>.

export const OID_PREFIX = '1.2.246.562.';
export const ROOT_ORGANISATION_OID = '1.2.246.562.10.00000000001';

/** Production person OIDs use node 24 and the 7-3-1 check digit; every other node uses Luhn. */
export const PRODUCTION_PERSON_NODE = '24';
export const TEST_PERSON_NODE = '98';
export const ORGANISATION_NODE = '10';

const OID_SHAPE = /^1\.2\.246\.562\.([1-9]\d*)\.([1-9]\d{9})(\d)$/;
const TEN_DIGITS = /^[1-9]\d{9}$/;

function weighted731(tenDigits: string): string {
  const weights = [7, 3, 1];
  let sum = 0;
  for (let i = 0; i < tenDigits.length; i++) {
    // Weights start from the rightmost digit.
    sum += Number(tenDigits.charAt(tenDigits.length - 1 - i)) * weights[i % 3]!;
  }
  return String((10 - (sum % 10)) % 10);
}

function luhn(tenDigits: string): string {
  let sum = 0;
  for (let i = 0; i < tenDigits.length; i++) {
    let d = Number(tenDigits.charAt(tenDigits.length - 1 - i));
    // The check digit will take the rightmost place, so doubling starts from the current rightmost digit.
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

export function oidCheckDigit(node: string, tenDigits: string): string {
  if (!/^\d+$/.test(tenDigits)) throw new Error('OID check digit needs a string of digits');
  return node === PRODUCTION_PERSON_NODE ? weighted731(tenDigits) : luhn(tenDigits);
}

export function isValidOid(oid: string): boolean {
  if (typeof oid !== 'string') return false;
  if (oid === ROOT_ORGANISATION_OID) return true;
  const m = OID_SHAPE.exec(oid);
  if (!m) return false;
  const [, node, digits, check] = m as unknown as [string, string, string, string];
  return oidCheckDigit(node, digits) === check;
}

function cryptoDigits(): string {
  // 10 digits, first one 1–9: 1e9 + a uniform draw below 9e9, by rejection from 34 random bits
  // (Web Crypto, a global in Node and browsers alike: domain/ imports nothing).
  const words = new Uint32Array(2);
  for (;;) {
    crypto.getRandomValues(words);
    const draw = (words[0]! & 0b11) * 2 ** 32 + words[1]!;
    if (draw < 9_000_000_000) return String(1_000_000_000 + draw);
  }
}

export function generateOid(node: string, randomDigits: () => string = cryptoDigits): string {
  if (!/^[1-9]\d*$/.test(node)) throw new Error(`Invalid OID node: ${node}`);
  const digits = randomDigits();
  if (!TEN_DIGITS.test(digits)) throw new Error('OID random part must be 10 digits without a leading zero');
  return `${OID_PREFIX}${node}.${digits}${oidCheckDigit(node, digits)}`;
}

/** The node of anything shaped like one of our OIDs (check digit not verified), else undefined. */
export function oidNode(oid: string): string | undefined {
  if (typeof oid !== 'string') return undefined;
  const m = /^1\.2\.246\.562\.(\d+)\.\d+$/.exec(oid);
  return m?.[1];
}
