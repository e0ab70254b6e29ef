import type { KeyStore } from '../../platform/crypto/keystore.js';
import type { HolderCheck } from './domain/holder-check.js';
import {
  signTicketCodeBytes,
  TICKET_CODE_BYTES,
  TICKET_PAYLOAD_BYTES,
  ticketCodeText,
  writeTicketCodePayload,
  type TicketCodeSigner,
  type TicketSigner,
} from './domain/ticket-code.js';
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
export const ticketSigner = (keys: KeyStore): TicketCodeSigner => keyStoreTicketSigner(keys);

const seconds = (at: Date): number => Math.floor(at.getTime() / 1000);

/** What a ticket's code says besides its holder check: its id, its event and its admission window. */
export interface TicketToSign {
  id: string;
  eventId: string;
  validFrom: Date;
  validUntil: Date;
}

/**
 * Signs the code of a ticket: its id, its event, the holder check, `issued_at` = now, and the ticket's admission
 * window (`valid_from` … `valid_until`, 3 hours before the event's start to 6 hours after). No code (null
 * columns) when there is no holder check yet (an unnamed group seat) or when the window is already over (a
 * ticket issued after its event, which the format cannot carry: `issued_at ≤ not_after`).
 */
export function signedTicketCode(
  signer: TicketSigner,
  ticket: TicketToSign,
  holder: HolderCheck | null,
  now: Date,
): TicketCodeColumns {
  const fields = codeFields(ticket, holder, now);
  if (!fields) return NO_CODE;
  const { code, signature } = signTicketCodeBytes(fields, signer);
  return codeColumns(signer.kid, code, signature);
}

/**
 * The codes of many tickets, as `signedTicketCode` gives each (the same bytes: Ed25519 signatures are
 * deterministic), signed together by `signer.signCodes` — in worker threads for a large batch. The payloads are
 * written before this returns; the promise resolves once they are signed.
 */
export function signedTicketCodes(
  signer: TicketCodeSigner,
  tickets: readonly TicketToSign[],
  holders: readonly (HolderCheck | null)[],
  now: Date,
): Promise<TicketCodeColumns[]> {
  const slots = new Int32Array(tickets.length).fill(-1);
  const codes = new Uint8Array(tickets.length * TICKET_CODE_BYTES);
  let count = 0;
  tickets.forEach((ticket, i) => {
    const fields = codeFields(ticket, holders[i]!, now);
    if (!fields) return;
    writeTicketCodePayload(fields, signer.kid, codes, count);
    slots[i] = count++;
  });
  return signer.signCodes(codes, count).then((signed) =>
    Array.from(slots, (slot) => {
      if (slot < 0) return NO_CODE;
      const at = slot * TICKET_CODE_BYTES;
      return codeColumns(
        signer.kid,
        signed.subarray(at, at + TICKET_CODE_BYTES),
        signed.subarray(at + TICKET_PAYLOAD_BYTES, at + TICKET_CODE_BYTES),
      );
    }),
  );
}

function codeFields(ticket: TicketToSign, holder: HolderCheck | null, now: Date) {
  const issuedAt = seconds(now);
  const notAfter = seconds(ticket.validUntil);
  if (!holder || issuedAt > notAfter) return null;
  return {
    ticketId: ticket.id,
    eventId: ticket.eventId.toLowerCase(),
    holder,
    issuedAt,
    notBefore: seconds(ticket.validFrom),
    notAfter,
  };
}

function codeColumns(kid: string, code: Uint8Array, signature: Uint8Array): TicketCodeColumns {
  return {
    code: ticketCodeText(code),
    codeKeyId: kid,
    codeSignature: Buffer.from(signature.buffer, signature.byteOffset, signature.byteLength).toString('hex'),
  };
}
