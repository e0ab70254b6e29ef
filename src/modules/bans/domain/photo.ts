// The photograph of a banned person (AU-42 art. 3): kept for a person to look at, never for facial
// recognition. Only what it is (PNG or JPEG, by its first bytes, not by what the sender says) and its size are
// checked; nothing reads the face.

export const PHOTO_MAX_BYTES = 2 * 1024 * 1024;

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];

export type PhotoVerdict =
  | { ok: true; mediaType: 'image/png' | 'image/jpeg' }
  | { ok: false; reason: 'empty' | 'too-large' | 'not-an-image' };

const startsWith = (bytes: Uint8Array, prefix: number[]) =>
  prefix.every((byte, index) => bytes[index] === byte);

export function checkPhoto(bytes: Uint8Array): PhotoVerdict {
  if (bytes.length === 0) return { ok: false, reason: 'empty' };
  if (bytes.length > PHOTO_MAX_BYTES) return { ok: false, reason: 'too-large' };
  // A PNG: signature then the IHDR chunk; a JPEG: start-of-image then a marker, and end-of-image at the end.
  if (
    bytes.length > 33 &&
    startsWith(bytes, PNG) &&
    String.fromCharCode(...bytes.subarray(12, 16)) === 'IHDR'
  )
    return { ok: true, mediaType: 'image/png' };
  if (bytes.length > 4 && startsWith(bytes, JPEG) && bytes.at(-2) === 0xff && bytes.at(-1) === 0xd9)
    return { ok: true, mediaType: 'image/jpeg' };
  return { ok: false, reason: 'not-an-image' };
}
