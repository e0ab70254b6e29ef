import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BASE45_ALPHABET, base45DecodedLength, decodeBase45, encodeBase45 } from './base45.js';

const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

describe('base45 (RFC 9285)', () => {
  it('gives the examples of RFC 9285 §4.3', () => {
    const examples: [string, string][] = [
      ['AB', 'BB8'],
      ['Hello!!', '%69 VD92EX0'],
      ['base-45', 'UJCLQE7W581'],
      ['ietf!', 'QED8WEX0'],
    ];
    for (const [plain, encoded] of examples) {
      expect(encodeBase45(ascii(plain))).toBe(encoded);
      expect(decodeBase45(encoded)).toEqual(ascii(plain));
    }
    expect(encodeBase45(new Uint8Array())).toBe('');
    expect(decodeBase45('')).toEqual(new Uint8Array());
  });

  it('refuses what RFC 9285 §4.3 says a decoder must refuse', () => {
    expect(decodeBase45('GGW')).toBeNull(); // 65536
    expect(decodeBase45(':::')).toBeNull(); // 44 + 44 × 45 + 44 × 2025 = 91124
    expect(decodeBase45('FGW')).toEqual(Uint8Array.of(0xff, 0xff)); // 65535, the largest
    expect(decodeBase45('U5')).toEqual(Uint8Array.of(0xff)); // 30 + 5 × 45 = 255
    expect(decodeBase45('V5')).toBeNull(); // 256 in a last pair
    expect(decodeBase45('A')).toBeNull(); // length 3k + 1
    expect(decodeBase45('BB8A')).toBeNull();
    expect(decodeBase45('bb8')).toBeNull(); // lower case is not in the alphabet
    expect(decodeBase45('BB€')).toBeNull();
    expect(decodeBase45('BB\u0138')).toBeNull(); // beyond ASCII, whatever its low byte
    expect(decodeBase45('BB8\n')).toBeNull();
  });

  it('skips a prefix without changing the answer', () => {
    expect(decodeBase45('GT1:BB8', 4)).toEqual(ascii('AB'));
    expect(decodeBase45('GT1:', 4)).toEqual(new Uint8Array());
  });

  it('decodes what it encodes, for any bytes, and encodes only with its alphabet', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const text = encodeBase45(bytes);
        expect(text.length).toBe(Math.floor(bytes.length / 2) * 3 + (bytes.length % 2) * 2);
        expect([...text].every((c) => BASE45_ALPHABET.includes(c))).toBe(true);
        expect(decodeBase45(text)).toEqual(bytes);
        expect(base45DecodedLength(text.length)).toBe(bytes.length);
      }),
    );
  });

  it('gives each byte string one spelling: whatever decodes re-encodes to the same text', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...BASE45_ALPHABET), maxLength: 60 }), (text) => {
        const bytes = decodeBase45(text);
        if (bytes) expect(encodeBase45(bytes)).toBe(text);
      }),
    );
  });

  it('never throws, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (text) => {
        const bytes = decodeBase45(text);
        expect(bytes === null || bytes instanceof Uint8Array).toBe(true);
      }),
    );
  });
});
