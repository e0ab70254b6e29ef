// What the scanner page keeps on the device so it works once the network drops (issue [G], "works offline
// once opened"): per event, the pack (public keys, ended tickets, entries), the scans made offline waiting to be
// sent, the double entries the server reported; and the device's id and gate name. localStorage: a few
// hundred kilobytes for an event of tens of thousands of tickets, read once when the event is chosen.
import type { FirstEntry, GateLists } from '../../../../src/modules/tickets/domain/gate';
import { ticketKeysFromDocument } from '../../../../src/modules/tickets/domain/ticket-keys';
import type { DoubleEntry, GatePack } from './contracts';

export interface QueuedScan {
  ticketId: string;
  /** The code scanned, which the server checks again. */
  code: string;
  scannedAt: string;
  gateId: string;
}

const key = (what: string, eventId?: string) => `gradins.gate.${what}${eventId ? `.${eventId}` : ''}`;

function read<T>(name: string, fallback: T): T {
  try {
    const text = localStorage.getItem(name);
    return text === null ? fallback : (JSON.parse(text) as T);
  } catch {
    return fallback;
  }
}

const write = (name: string, value: unknown) => localStorage.setItem(name, JSON.stringify(value));

/** The device's id, made once (what the server names an offline scan's device by). */
export function deviceId(): string {
  let id = localStorage.getItem(key('device'));
  if (!id) {
    id = `web-${crypto.randomUUID().replace(/-/g, '').slice(0, 24)}`;
    localStorage.setItem(key('device'), id);
  }
  return id;
}

export const savedGateName = (): string => localStorage.getItem(key('gate-name')) ?? 'Porte 1';
export const saveGateName = (name: string): void => localStorage.setItem(key('gate-name'), name);
export const savedEvent = (): string | null => localStorage.getItem(key('event'));
export const saveEvent = (eventId: string): void => localStorage.setItem(key('event'), eventId);

export const savedPack = (eventId: string): GatePack | null =>
  read<GatePack | null>(key('pack', eventId), null);
export const savePack = (pack: GatePack): void => write(key('pack', pack.eventId), pack);

export const queuedScans = (eventId: string): QueuedScan[] => read<QueuedScan[]>(key('queue', eventId), []);
export const saveQueue = (eventId: string, scans: QueuedScan[]): void => write(key('queue', eventId), scans);

/** Entries this device made (online or offline) since the pack was fetched. */
export const localEntries = (eventId: string): Record<string, FirstEntry> =>
  read<Record<string, FirstEntry>>(key('entries', eventId), {});
export function addLocalEntry(eventId: string, ticketId: string, entry: FirstEntry): void {
  write(key('entries', eventId), { ...localEntries(eventId), [ticketId]: entry });
}

export const reportedDoubles = (eventId: string): DoubleEntry[] =>
  read<DoubleEntry[]>(key('doubles', eventId), []);
export function addReportedDoubles(eventId: string, doubles: readonly DoubleEntry[]): void {
  const known = reportedDoubles(eventId);
  const ids = new Set(known.map((entry) => entry.id));
  write(key('doubles', eventId), [...doubles.filter((entry) => !ids.has(entry.id)), ...known]);
}

/** The lists the offline decision reads: the pack's, with this device's own entries on top. */
export function gateLists(pack: GatePack): GateLists {
  const entered = new Map<string, FirstEntry>(
    pack.entered.map((entry) => [entry.ticketId, { at: entry.at, gateId: entry.gateId }]),
  );
  for (const [ticketId, entry] of Object.entries(localEntries(pack.eventId)))
    if (!entered.has(ticketId)) entered.set(ticketId, entry);
  return {
    keys: ticketKeysFromDocument(pack.keys),
    eventId: pack.eventId,
    ended: new Set(pack.ended),
    entered,
  };
}
