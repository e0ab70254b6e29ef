import { describe, expect, it } from 'vitest';
import { ProgrammeLogoRequest } from './ticket-delivery.js';

// The logo goes as it is into every ticket page and PDF of its programme: a corrupt or huge image there would
// break the printable tickets of every holder, so it is refused at the boundary.

/** A PNG signature and IHDR chunk of `width` × `height`, then `rest` (base64). */
function png(width: number, height: number, rest = new Uint8Array(16)): string {
  const head = new Uint8Array(24);
  head.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  new DataView(head.buffer).setUint32(16, width);
  new DataView(head.buffer).setUint32(20, height);
  return Buffer.concat([head, rest]).toString('base64');
}
const ONE_PIXEL =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const parse = (pngBase64: string) => ProgrammeLogoRequest.safeParse({ pngBase64, alt: 'Logo' });

describe('programme logo request', () => {
  it('takes a real PNG', () => {
    expect(parse(ONE_PIXEL).success).toBe(true);
    expect(parse(png(400, 200)).success).toBe(true);
  });

  it('refuses the PNG signature followed by something else, a huge image, and more than 200 KB', () => {
    const signatureThenScript = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]),
      Buffer.from('<script>alert(1)</script>'),
    ]).toString('base64');
    for (const bad of [
      signatureThenScript,
      png(100_000, 10),
      png(10, 0),
      png(10, 10, new Uint8Array(200_000)),
    ]) {
      const result = parse(bad);
      expect(result.success).toBe(false);
      expect(result.error!.issues[0]!.message).toMatch(/^Logo : une image PNG/);
    }
  });
});
