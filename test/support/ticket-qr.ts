import { spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { PNG } from 'pngjs';
import decodeQR from 'qr/decode.js';
import { decodeBase45 } from '../../src/modules/tickets/domain/base45.js';
import { TICKET_CODE_PREFIX, TICKET_PAYLOAD_BYTES } from '../../src/modules/tickets/domain/ticket-code.js';

/** Reads a QR code back from a PNG (a data URL or bytes), as a phone would. */
export function qrFromPng(png: Buffer | string): string {
  const bytes =
    typeof png === 'string' ? Buffer.from(png.replace(/^data:image\/png;base64,/, ''), 'base64') : png;
  const image = PNG.sync.read(bytes);
  return decodeQR({ width: image.width, height: image.height, data: image.data });
}

/**
 * Reads back the QR codes a PDF holds, in the order of its image objects (one per ticket page): the images of
 * at least 100 pixels, as pdfkit embeds them (8-bit gray or RGB, FlateDecode, no predictor). Read from the
 * file's own objects: pdf.js's image extraction needs a newer Node than 20.
 */
export function qrsFromPdf(pdf: Uint8Array): string[] {
  const bytes = Buffer.from(pdf);
  const text = bytes.toString('latin1');
  const found: string[] = [];
  const header = /<<\s*\/Type \/XObject\s*\/Subtype \/Image([\s\S]*?)>>\s*stream\r?\n/g;
  for (let match = header.exec(text); match; match = header.exec(text)) {
    const dictionary = match[1]!;
    const number = (name: string) => Number(new RegExp(`/${name} (\\d+)`).exec(dictionary)?.[1]);
    const [width, height, length] = [number('Width'), number('Height'), number('Length')];
    // pdfkit puts a PNG's alpha in a soft mask (gray) and its colours in an RGB image that names it: the
    // latter is the QR, its rows raw or with PNG row filters (`/Predictor 15`).
    if (!(width >= 100) || !dictionary.includes('/FlateDecode') || !dictionary.includes('/DeviceRGB'))
      continue;
    const channels = 3;
    const start = match.index + match[0].length;
    const inflated = zlib.inflateSync(bytes.subarray(start, start + length));
    const pixels = dictionary.includes('/Predictor 15')
      ? unfilterPng(inflated, width, height, channels)
      : inflated;
    const rgba = new Uint8Array(width * height * 4);
    for (let i = 0; i < width * height; i++) {
      for (let c = 0; c < 3; c++) rgba[i * 4 + c] = pixels[i * channels + c]!;
      rgba[i * 4 + 3] = 255;
    }
    found.push(decodeQR({ width, height, data: rgba }));
  }
  return found;
}

/** Undoes PNG row filters (None, Sub, Up, Average, Paeth), 8 bits per component. */
function unfilterPng(data: Buffer, width: number, height: number, channels: number): Uint8Array {
  const stride = width * channels;
  const out = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = data[y * (stride + 1)]!;
    for (let x = 0; x < stride; x++) {
      const raw = data[y * (stride + 1) + 1 + x]!;
      const left = x >= channels ? out[y * stride + x - channels]! : 0;
      const up = y > 0 ? out[(y - 1) * stride + x]! : 0;
      const corner = x >= channels && y > 0 ? out[(y - 1) * stride + x - channels]! : 0;
      const p = left + up - corner;
      const paeth =
        Math.abs(p - left) <= Math.abs(p - up) && Math.abs(p - left) <= Math.abs(p - corner)
          ? left
          : Math.abs(p - up) <= Math.abs(p - corner)
            ? up
            : corner;
      const predicted = [0, left, up, (left + up) >> 1, paeth][filter] ?? 0;
      out[y * stride + x] = (raw + predicted) & 0xff;
    }
  }
  return out;
}

/** `openssl pkeyutl -verify` on a ticket code's payload and signature, with a key's `spki_pem` (exit status). */
export async function opensslVerifyTicketCode(
  code: string,
  pem: string,
): Promise<{ status: number | null; output: string }> {
  const bytes = decodeBase45(code, TICKET_CODE_PREFIX.length)!;
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'gradins-openssl-'));
  try {
    await fs.writeFile(path.join(dir, 'payload.bin'), bytes.subarray(0, TICKET_PAYLOAD_BYTES));
    await fs.writeFile(path.join(dir, 'sig.bin'), bytes.subarray(TICKET_PAYLOAD_BYTES));
    await fs.writeFile(path.join(dir, 'key.pem'), pem);
    const run = spawnSync(
      'openssl',
      [
        'pkeyutl',
        '-verify',
        '-pubin',
        '-inkey',
        'key.pem',
        '-rawin',
        '-in',
        'payload.bin',
        '-sigfile',
        'sig.bin',
      ],
      { cwd: dir, encoding: 'utf8' },
    );
    return { status: run.status, output: run.stdout + run.stderr };
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
