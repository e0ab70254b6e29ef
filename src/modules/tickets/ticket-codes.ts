import type { KeyStore } from '../../platform/crypto/keystore.js';
import type { HolderCheck } from './domain/holder-check.js';
import { signTicketCodeBytes, ticketCodeText, type TicketSigner } from './domain/ticket-code.js';
import { keyStoreTicketSigner } from './native-ticket-keys.js';

// The signed code of a ticket (docs/formats/ticket-code.md), written with the ticket in the transaction that
// issues it: at issuance, for the successor of a hand-over or reassignment, and for a group seat when its
// manager names the participant (the code carries the holder check, which a group seat has only then).

/** The `tickets.code*` columns: the QR text (`GT1:` and base45), the signing key's kid, the signature in hex. */
export interface TicketCodeColumns {
  code: string | null;
  codeKeyId: string | null;
  codeSignature: string | null;
}

export const NO_CODE: TicketCodeColumns = { code: null, codeKeyId: null, codeSignature: null };

/** The signer of ticket codes: the key store's current `ticket` key. */
export const ticketSigner = (keys: KeyStore): TicketSigner => keyStoreTicketSigner(keys);

const seconds = (at: Date): number => Math.floor(at.getTime() / 1000);

/**
 * Signs the code of a ticket: its id, its event, the holder check, `issued_at` = now, and the ticket's admission
 * window (`valid_from` … `valid_until`, 3 hours before the event's start to 6 hours after). No code (null
 * columns) when there is no holder check yet (an unnamed group seat) or when the window is already over (a
 * ticket issued after its event, which the format cannot carry: `issued_at ≤ not_after`).
 */
export function signedTicketCode(
  signer: TicketSigner,
  ticket: { id: string; eventId: string; validFrom: Date; validUntil: Date },
  holder: HolderCheck | null,
  now: Date,
): TicketCodeColumns {
  const issuedAt = seconds(now);
  const notAfter = seconds(ticket.validUntil);
  if (!holder || issuedAt > notAfter) return NO_CODE;
  const { code, signature } = signTicketCodeBytes(
    {
      ticketId: ticket.id,
      eventId: ticket.eventId.toLowerCase(),
      holder,
      issuedAt,
      notBefore: seconds(ticket.validFrom),
      notAfter,
    },
    signer,
  );
  return {
    code: ticketCodeText(code),
    codeKeyId: signer.kid,
    codeSignature: Buffer.from(signature).toString('hex'),
  };
}
