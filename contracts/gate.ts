import { z } from 'zod';
import { PublicKeysDocument } from './system.js';
import { TicketId } from './tickets.js';

/** The gate (issue [G], TAJ-18, TAJ-15; docs/api/tickets.md "Gate"). */

/** The code's refusals (docs/formats/ticket-code.md §6), then the gate's lists (`domain/gate.ts`). */
export const GATE_REASON_CODES = [
  'too-long',
  'not-a-ticket-code',
  'unsupported-version',
  'not-base45',
  'truncated',
  'trailing-bytes',
  'malformed',
  'unknown-key',
  'invalid-signature',
  'key-not-valid',
  'issued-in-future',
  'other-event',
  'not-yet-valid',
  'expired',
  'revoked',
  'already-entered',
  'unknown-ticket',
] as const;
export const GateReason = z.enum(GATE_REASON_CODES);
export type GateReason = z.infer<typeof GateReason>;

/** An entrance as the agents name it (`Porte A`), and the device that scans. */
const GateName = z
  .string()
  .trim()
  .min(1, { error: 'Indiquez la porte (par exemple « Porte A »).' })
  .max(64, { error: 'Le nom de la porte tient en 64 caractères.' })
  .regex(/^\P{Cc}+$/u, { error: 'Le nom de la porte ne contient que des caractères imprimables.' });
const DeviceId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,64}$/, { error: 'Identifiant d’appareil : 8 à 64 lettres, chiffres, - ou _.' });

/**
 * A scanned text. Anything up to 8,192 characters (16 times the longest code the format reads) is accepted here and refused by the gate itself
 * with its reason (audited); beyond that the body is refused as a bad request before anything is read.
 */
export const CheckInRequest = z.object({
  code: z.string().max(8192, {
    error: 'Ce texte est bien trop long pour être un billet.',
  }),
  gateId: GateName,
  deviceId: DeviceId.optional(),
});
export type CheckInRequest = z.infer<typeof CheckInRequest>;

export const FirstEntry = z.object({ at: z.string(), gateId: z.string() });
export const HolderCheckView = z.object({ initials: z.string(), birthYear: z.number().int() });

export const CheckInResult = z.object({
  accepted: z.boolean(),
  /** Null when accepted. */
  reason: GateReason.nullable(),
  /** The reason in the request's language (French by default). */
  reasonText: z.string().nullable(),
  /** Known when the code's signature verified. */
  ticketId: TicketId.nullable(),
  /** What the agent compares with an ID: initials and birth year (known when the signature verified). */
  holder: HolderCheckView.nullable(),
  /** For `already-entered`: when and at which gate the ticket entered. */
  firstEntry: FirstEntry.nullable(),
  checkedAt: z.string(),
});
export type CheckInResult = z.infer<typeof CheckInResult>;

/** What a gate caches to work offline for one event. */
export const GatePack = z.object({
  eventId: z.uuid(),
  event: z.object({ code: z.string(), sport: z.string(), venue: z.string(), startsAt: z.string() }),
  /** Changes whenever a list changes: the greatest change time seen, and the list sizes. */
  version: z.string(),
  generatedAt: z.string(),
  /** The platform's public keys (as `/.well-known/gradins/keys.json`): the gate keeps the `ticket` ones. */
  keys: PublicKeysDocument,
  /** Tickets of the event that no longer admit anyone: withdrawn, revoked, reassigned, returned, or holder erased. */
  ended: z.array(TicketId),
  /** Tickets of the event already entered. */
  entered: z.array(FirstEntry.extend({ ticketId: TicketId })),
});
export type GatePack = z.infer<typeof GatePack>;

export const SyncRequest = z.object({
  deviceId: DeviceId,
  scans: z
    .array(
      z.object({
        ticketId: TicketId,
        /** The code scanned: the server checks it again (signature, event, window at `scannedAt`). */
        code: CheckInRequest.shape.code,
        scannedAt: z.iso.datetime({ offset: true }),
        gateId: GateName,
      }),
    )
    .min(1)
    .max(5000, { error: 'Au plus 5 000 entrées par envoi : envoyez le reste ensuite.' }),
});
export type SyncRequest = z.infer<typeof SyncRequest>;

export const DoubleEntry = z.object({
  id: z.number().int(),
  ticketId: TicketId,
  kind: z.enum(['double_entry', 'after_end']),
  scannedAt: z.string(),
  gateId: z.string(),
  deviceId: z.string().nullable(),
  mode: z.enum(['online', 'offline']),
  /** The entry it repeats (null for a scan after the ticket ended). */
  firstEntry: FirstEntry.extend({ deviceId: z.string().nullable() }).nullable(),
});
export type DoubleEntry = z.infer<typeof DoubleEntry>;

export const SyncResult = z.object({
  /** Scans that entered their ticket. */
  entered: z.number().int(),
  /** Scans this device had already sent (a retry): nothing written. */
  alreadyKnown: z.number().int(),
  /** Scans of a ticket not of this event (or unknown): not stored. */
  unknown: z.array(TicketId),
  /** Double entries and entries after the end found in this batch, stored and audited. */
  doubleEntries: z.array(DoubleEntry),
  /**
   * Scans refused, not stored (audited): a code that does not verify for this event at the time given, a code
   * of another ticket than the one named, or a time after the server's clock (beyond a few minutes' drift).
   */
  refused: z.array(z.object({ ticketId: TicketId, reason: z.string() })),
});
export type SyncResult = z.infer<typeof SyncResult>;

export const GateEvent = z.object({
  eventId: z.uuid(),
  code: z.string(),
  sport: z.string(),
  discipline: z.string(),
  venue: z.string(),
  startsAt: z.string(),
});
export type GateEvent = z.infer<typeof GateEvent>;
