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

/** A programme's logo, as its administrator sets it: a PNG of at most 200 KB, base64, and its alternative. */
export const ProgrammeLogoRequest = z.object({
  pngBase64: z
    .string()
    .max(280_000, { error: 'Logo : une image PNG de 200 Ko au plus.' })
    .regex(/^iVBORw0KGgo[A-Za-z0-9+/]*={0,2}$/, { error: 'Logo : une image PNG, encodée en base64.' }),
  alt: z.string().trim().min(1).max(200),
});
