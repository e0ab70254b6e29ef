import { z } from 'zod';
import { MyTicket } from './tickets.js';

/** Ticket delivery (issue [G], TAJ-3, TAJ-14; docs/api/tickets.md, "Delivery"). */

/** One ticket as its download page shows it. */
export const DeliveredTicket = MyTicket.extend({
  /** Who the ticket is for: the person, or a group's named participant (null while unnamed). */
  holderName: z.string().nullable(),
  /** A group's name, for a group seat. */
  groupName: z.string().nullable(),
  /** The QR code of the signed ticket code as a PNG data URL; null when the ticket no longer admits, or has no code yet. */
  qrPng: z.string().nullable(),
}).meta({ id: 'DeliveredTicket' });
export type DeliveredTicket = z.infer<typeof DeliveredTicket>;

/** What a ticket link opens: the programme, and the tickets of its holder. */
export const TicketLinkPage = z
  .object({
    programme: z.object({
      name: z.string(),
      /** The programme's logo (PNG data URL) and its text alternative, when it has one. */
      logo: z.object({ png: z.string(), alt: z.string() }).nullable(),
    }),
    /** Until when the link works (ISO instant; Paris wall-clock time alongside). */
    expiresAt: z.string(),
    expiresAtParis: z.string(),
    tickets: z.array(DeliveredTicket),
  })
  .meta({ id: 'TicketLinkPage' });
export type TicketLinkPage = z.infer<typeof TicketLinkPage>;

const LOGO_MAX_BYTES = 200_000;
const LOGO_MAX_SIDE = 2048;

/**
 * Whether base64 text is a PNG of at most `LOGO_MAX_BYTES` bytes whose header (IHDR, right after the signature)
 * gives a size of at most `LOGO_MAX_SIDE` pixels a side: the PDF and the page embed it as it is.
 */
function isSmallPng(base64: string): boolean {
  const bytes = (base64.length * 3) / 4 - (base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0);
  if (bytes > LOGO_MAX_BYTES || base64.length < 32) return false;
  const head = Uint8Array.from(atob(base64.slice(0, 32)), (c) => c.charCodeAt(0));
  const word = (at: number) =>
    ((head[at]! << 24) | (head[at + 1]! << 16) | (head[at + 2]! << 8) | head[at + 3]!) >>> 0;
  const ihdr = String.fromCharCode(...head.subarray(12, 16)) === 'IHDR';
  const [width, height] = [word(16), word(20)];
  return ihdr && width > 0 && height > 0 && width <= LOGO_MAX_SIDE && height <= LOGO_MAX_SIDE;
}

/** A programme's logo, as its administrator sets it: a PNG of at most 200 KB, base64, and its alternative. */
export const ProgrammeLogoRequest = z.object({
  pngBase64: z
    .string()
    .max(280_000, { error: 'Logo : une image PNG de 200 Ko au plus.' })
    .regex(/^iVBORw0KGgo[A-Za-z0-9+/]*={0,2}$/, { error: 'Logo : une image PNG, encodée en base64.' })
    .refine(isSmallPng, {
      error: `Logo : une image PNG valide de 200 Ko et ${LOGO_MAX_SIDE} × ${LOGO_MAX_SIDE} pixels au plus.`,
    }),
  alt: z.string().trim().min(1).max(200),
});
