// The gate's decision (TAJ-18, TAJ-15), pure so the server and the offline scanner page decide alike: the code
// checked as the format says (ticket-code.ts, §5), then the gate's own lists — tickets ended (withdrawn,
// revoked, reassigned, returned) and tickets already entered.
import type { HolderCheck } from './holder-check.js';
import {
  TICKET_REFUSALS,
  verifyTicketCode,
  type TicketCodeFields,
  type TicketRefusal,
} from './ticket-code.js';
import type { TicketVerificationKey } from './ticket-keys.js';

/** Why a gate refuses: the code's own refusals, then the lists. */
export type GateReason = TicketRefusal | 'revoked' | 'already-entered' | 'unknown-ticket';

/** Refusals of a code that could not be read at all: the agent sees « illisible » first. */
const UNREADABLE: readonly TicketRefusal[] = [
  'too-long',
  'not-a-ticket-code',
  'unsupported-version',
  'not-base45',
  'truncated',
  'trailing-bytes',
  'malformed',
];

/** What the gate shows for each reason, French first (the words of the issue: invalide, révoqué, déjà entré…). */
export const GATE_REASONS: Record<GateReason, { fr: string; en: string }> = {
  ...(Object.fromEntries(
    Object.entries(TICKET_REFUSALS).map(([code, words]) =>
      UNREADABLE.includes(code as TicketRefusal)
        ? [code, { fr: `illisible : ${words.fr}`, en: `unreadable: ${words.en}` }]
        : [code, words],
    ),
  ) as Record<TicketRefusal, { fr: string; en: string }>),
  revoked: { fr: 'révoqué', en: 'revoked' },
  'already-entered': { fr: 'déjà entré', en: 'already entered' },
  'unknown-ticket': { fr: 'invalide : billet inconnu', en: 'invalid: unknown ticket' },
};

export interface FirstEntry {
  /** ISO instant. */
  at: string;
  gateId: string;
}

export type GateDecision =
  | { accepted: true; ticket: TicketCodeFields }
  | { accepted: false; reason: GateReason; ticket?: TicketCodeFields; firstEntry?: FirstEntry };

/** What a gate knows offline about an event: its ticket keys and lists (from the pack, and its own scans). */
export interface GateLists {
  keys: readonly TicketVerificationKey[];
  eventId: string;
  /** Ticket ids that no longer admit anyone. */
  ended: ReadonlySet<string>;
  /** Ticket ids already entered, with the first entry. */
  entered: ReadonlyMap<string, FirstEntry>;
}

/** The offline decision on a scanned text. Any text gives a decision, never a throw. */
export function gateDecision(text: unknown, lists: GateLists, now: Date): GateDecision {
  const checked = verifyTicketCode(text, { keys: lists.keys, eventId: lists.eventId, now });
  if (!checked.ok) return { accepted: false, reason: checked.reason, ...withTicket(checked.ticket) };
  const ticket = checked.ticket;
  if (lists.ended.has(ticket.ticketId)) return { accepted: false, reason: 'revoked', ticket };
  const first = lists.entered.get(ticket.ticketId);
  if (first) return { accepted: false, reason: 'already-entered', ticket, firstEntry: first };
  return { accepted: true, ticket };
}

const withTicket = (ticket: TicketCodeFields | undefined) => (ticket ? { ticket } : {});

/** The holder check as the agent reads it next to an ID: initials and birth year, e.g. `C. D. — 2005`. */
export function holderCheckText(holder: HolderCheck): string {
  const initials = [...holder.initials].map((letter) => (letter === '-' ? '?' : `${letter}.`)).join(' ');
  return `${initials} — ${holder.birthYear}`;
}
