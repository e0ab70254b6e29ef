/**
 * Reads back the RFC 5322 messages the development mailbox writes (nodemailer's output): headers with
 * RFC 2047 encoded words, single-part or multipart bodies in quoted-printable, base64, 7bit or 8bit. It is a
 * small reader for our own files, not a general MIME parser.
 */

export interface ParsedMail {
  to: string;
  subject: string;
  /** The text/plain body, with LF line ends. */
  text: string;
}

interface Entity {
  headers: Map<string, string>;
  /** Body as a binary string: one character per byte. */
  body: string;
}

/** `raw` holds one character per byte (read the file as `latin1`), so bodies decode byte for byte. */
export function parseEml(raw: string): ParsedMail {
  const message = parseEntity(raw);
  return {
    to: decodeHeader(message.headers.get('to') ?? ''),
    subject: decodeHeader(message.headers.get('subject') ?? ''),
    text: (findTextPart(message) ?? '').replace(/\r\n/g, '\n'),
  };
}

function parseEntity(raw: string): Entity {
  const separator = /\r?\n\r?\n/.exec(raw);
  const head = separator ? raw.slice(0, separator.index) : raw;
  const body = separator ? raw.slice(separator.index + separator[0].length) : '';
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n(?=[ \t])/g, '').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, line.slice(colon + 1).trim());
  }
  return { headers, body };
}

/** The first text/plain part, depth first, decoded. */
function findTextPart(entity: Entity): string | undefined {
  const { type, params } = contentType(entity.headers.get('content-type'));
  if (type.startsWith('multipart/') && params.boundary) {
    for (const part of splitMultipart(entity.body, params.boundary)) {
      const text = findTextPart(parseEntity(part));
      if (text !== undefined) return text;
    }
    return undefined;
  }
  if (type !== 'text/plain') return undefined;
  const bytes = decodeTransfer(entity.body, entity.headers.get('content-transfer-encoding'));
  return decodeCharset(bytes, params.charset);
}

function contentType(header: string | undefined): { type: string; params: Record<string, string> } {
  const [type = 'text/plain', ...rest] = (header ?? 'text/plain').split(';');
  const params: Record<string, string> = {};
  for (const param of rest) {
    const equals = param.indexOf('=');
    if (equals < 0) continue;
    params[param.slice(0, equals).trim().toLowerCase()] = param
      .slice(equals + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1');
  }
  return { type: type.trim().toLowerCase(), params };
}

/** The parts between `--boundary` lines; the line break before each delimiter belongs to the delimiter. */
function splitMultipart(body: string, boundary: string): string[] {
  const delimiter = `--${boundary}`;
  const chunks = body.split(new RegExp(`(?:^|\\r?\\n)${escapeRegExp(delimiter)}`));
  const parts: string[] = [];
  for (const chunk of chunks.slice(1)) {
    if (chunk.startsWith('--')) break;
    parts.push(chunk.replace(/^[ \t]*\r?\n/, ''));
  }
  return parts;
}

function decodeTransfer(body: string, encoding: string | undefined): Buffer {
  switch (encoding?.trim().toLowerCase()) {
    case 'quoted-printable':
      return decodeQuotedPrintable(body);
    case 'base64':
      return Buffer.from(body.replace(/\s+/g, ''), 'base64');
    default:
      return Buffer.from(body, 'latin1');
  }
}

function decodeQuotedPrintable(body: string): Buffer {
  const unwrapped = body.replace(/[ \t]+(?=\r?\n)/g, '').replace(/=\r?\n/g, '');
  return Buffer.from(
    unwrapped.replace(/=([0-9A-Fa-f]{2})/g, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16))),
    'latin1',
  );
}

/**
 * Decodes RFC 2047 encoded words (`=?UTF-8?Q?…?=`, `=?UTF-8?B?…?=`); the space between two of them goes.
 * nodemailer encodes every non-ASCII header, so the rest of the value is ASCII.
 */
export function decodeHeader(value: string): string {
  return value
    .replace(/(\?=)\s+(?==\?)/g, '$1')
    .replace(
      /=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g,
      (_word, charset: string, encoding: string, text: string) => {
        const bytes =
          encoding.toUpperCase() === 'B'
            ? Buffer.from(text, 'base64')
            : decodeQuotedPrintable(text.replace(/_/g, ' '));
        return decodeCharset(bytes, charset);
      },
    );
}

function decodeCharset(bytes: Buffer, charset: string | undefined): string {
  try {
    return new TextDecoder(charset ?? 'utf-8').decode(bytes);
  } catch {
    return bytes.toString('utf8');
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
