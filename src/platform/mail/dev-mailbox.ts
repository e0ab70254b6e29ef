import fs from 'node:fs/promises';
import path from 'node:path';
import type { GradinsConfig } from '../config/config.js';
import { parseEml } from './eml.js';

/**
 * The development mailbox: without SMTP, mails are written as `.eml` files (RFC 5322) in `<dataDir>/mail/`,
 * readable by the owner only since they hold personal data. Any mail client opens them; the dev route lists
 * them for the browser tests.
 */
export function devMailboxDir(dataDir: string): string {
  return path.join(dataDir, 'mail');
}

/** The mailbox (and its route) exists only without SMTP and outside production. */
export function devMailboxEnabled(
  config: Pick<GradinsConfig, 'smtpUrl'>,
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  return config.smtpUrl === undefined && env.NODE_ENV !== 'production';
}

/** 127.0.0.0/8 and ::1, also as IPv4-mapped IPv6 (::ffff:127.0.0.1), with or without brackets and port. */
export function isLoopbackAddress(address: string): boolean {
  let host = address.trim().replace(/^"|"$/g, '');
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(host);
  if (bracketed) host = bracketed[1]!;
  else if (/^[\d.]+:\d+$/.test(host)) host = host.slice(0, host.lastIndexOf(':'));
  host = host.toLowerCase().replace(/^::ffff:/, '');
  if (host === '::1' || host === '0:0:0:0:0:0:0:1') return true;
  const octets = host.split('.');
  return (
    octets.length === 4 &&
    octets[0] === '127' &&
    octets.every((octet) => /^\d{1,3}$/.test(octet) && Number(octet) <= 255)
  );
}

/**
 * The mailbox holds invitation and set-up links: it answers only a browser on the server's own machine. The
 * client address (the connection's, or the one a proxy trusted through GRADINS_TRUST_PROXY forwarded) must be
 * a loopback one, and so must every address a proxy says it forwarded for — a proxy on this machine that is
 * not declared trusted would otherwise make every visitor look local.
 */
export function mayReadDevMailbox(request: {
  clientAddress: string;
  forwardedFor?: string | string[] | undefined;
  forwarded?: string | string[] | undefined;
}): boolean {
  const forwarded = [request.forwardedFor ?? []]
    .flat()
    .flatMap((header) => header.split(','))
    .concat(
      [request.forwarded ?? []]
        .flat()
        .flatMap((header) => header.split(/[,;]/))
        .map((part) => part.trim())
        .filter((part) => /^for=/i.test(part))
        .map((part) => part.slice(4)),
    );
  return [request.clientAddress, ...forwarded].every(isLoopbackAddress);
}

export interface DevMail {
  id: string;
  file: string;
  receivedAt: string;
  to: string;
  subject: string;
  text: string;
}

// ISO 8601 basic format (20250314T091502.123Z): sorts by time and is a valid file name on every system.
const FILE_NAME = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})\.(\d{3})Z-([0-9a-f-]{36})\.eml$/;

export function devMailFileName(receivedAt: Date, id: string): string {
  return `${receivedAt.toISOString().replace(/[-:]/g, '')}-${id}.eml`;
}

function parseFileName(file: string): { id: string; receivedAt: string } | undefined {
  const match = FILE_NAME.exec(file);
  if (!match) return undefined;
  const [, year, month, day, hours, minutes, seconds, millis, id] = match;
  return { id: id!, receivedAt: `${year}-${month}-${day}T${hours}:${minutes}:${seconds}.${millis}Z` };
}

/** Writes to a temporary name first, so a reader never sees half a mail. */
export async function writeDevMail(
  dir: string,
  mail: { id: string; receivedAt: Date; message: Buffer },
): Promise<string> {
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const file = devMailFileName(mail.receivedAt, mail.id);
  const temporary = path.join(dir, `.${file}.tmp`);
  await fs.writeFile(temporary, mail.message, { mode: 0o600 });
  await fs.rename(temporary, path.join(dir, file));
  return file;
}

/** The newest `limit` mails, newest first; an absent mailbox is an empty one. */
export async function listDevMails(dir: string, limit = 200): Promise<DevMail[]> {
  const files = (await readDirIfExists(dir)).filter((file) => FILE_NAME.test(file));
  files.sort((a, b) => (a < b ? 1 : a > b ? -1 : 0));
  return Promise.all(files.slice(0, limit).map((file) => readDevMailFile(dir, file)));
}

export async function findDevMail(dir: string, id: string): Promise<DevMail | undefined> {
  const files = (await readDirIfExists(dir)).filter((file) => parseFileName(file)?.id === id);
  // A mail delivered twice (its sender died after writing it) has two files: show the latest.
  const latest = files.sort().at(-1);
  return latest ? readDevMailFile(dir, latest) : undefined;
}

async function readDevMailFile(dir: string, file: string): Promise<DevMail> {
  const { id, receivedAt } = parseFileName(file)!;
  const raw = await fs.readFile(path.join(dir, file), 'latin1');
  return { id, file, receivedAt, ...parseEml(raw) };
}

async function readDirIfExists(dir: string): Promise<string[]> {
  try {
    return await fs.readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}
