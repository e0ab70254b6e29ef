// The log is read in Paris time, whatever the browser's time zone: the date-time fields hold Paris wall-clock
// times ("YYYY-MM-DDTHH:mm", as <input type="datetime-local"> does) and every instant is shown in Paris time.
import type { Lang } from '../../app/i18n';

export const PARIS = 'Europe/Paris';

const fieldsFormatter = new Intl.DateTimeFormat('en-GB', {
  timeZone: PARIS,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function parisWallClock(instant: number): WallClock {
  const parts: Record<string, number> = {};
  for (const part of fieldsFormatter.formatToParts(new Date(instant)))
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  return {
    year: parts.year ?? 1970,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: (parts.hour ?? 0) % 24,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

/** How far Paris is ahead of UTC at an instant, in milliseconds (1 or 2 hours). */
function parisOffset(instant: number): number {
  const wall = parisWallClock(instant);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

const pad = (value: number, length = 2) => String(value).padStart(length, '0');

/** The value of a datetime-local field for an instant, in Paris time: "2026-11-23T19:58". */
export function toParisField(instant: Date): string {
  const wall = parisWallClock(instant.getTime());
  return `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}T${pad(wall.hour)}:${pad(wall.minute)}`;
}

/** The instant a Paris wall-clock field value names; undefined when the value is not a date-time. */
export function fromParisField(value: string): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?/.exec(value.trim());
  if (match === null) return undefined;
  const [, year, month, day, hour, minute, second] = match.map(Number) as number[];
  const wall = Date.UTC(year!, month! - 1, day!, hour!, minute!, Number.isNaN(second) ? 0 : (second ?? 0));
  if (Number.isNaN(wall)) return undefined;
  // Twice, so that an instant near a change of summer time gets the offset in force at that instant.
  const first = wall - parisOffset(wall);
  return new Date(wall - parisOffset(first));
}

/** The last millisecond of the minute a field names: "au 23/11 à 19:58" includes 19:58:59. */
export function endOfParisField(value: string): Date | undefined {
  const start = fromParisField(value);
  return start === undefined ? undefined : new Date(start.getTime() + 59_999);
}

/** A calendar day a number of days before another one ("YYYY-MM-DD"). */
function daysBefore(day: string, days: number): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, date - days)).toISOString().slice(0, 10);
}

/** The last 7 days, today included, in Paris time: from 00:00 six days ago to 23:59 today. */
export function lastSevenDays(now: Date = new Date()): { from: string; to: string } {
  const today = toParisField(now).slice(0, 10);
  return { from: `${daysBefore(today, 6)}T00:00`, to: `${today}T23:59` };
}

const locales: Record<Lang, string> = { fr: 'fr-FR', en: 'en-GB' };

/** An instant of the log, to the second, in Paris time: « 23/11/2026 19:58:03 ». */
export function formatInstant(lang: Lang, iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(locales[lang], { timeZone: PARIS, dateStyle: 'short', timeStyle: 'medium' });
}

/** A date and time as people read it, in Paris time: « 23 novembre 2026 à 19:58 ». */
export function formatLongInstant(lang: Lang, iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(locales[lang], { timeZone: PARIS, dateStyle: 'long', timeStyle: 'short' });
}

/** A hash or signature, shortened for display: the first and last characters. */
export function shorten(value: string, keep = 8): string {
  return value.length <= keep * 2 + 1 ? value : `${value.slice(0, keep)}…${value.slice(-keep)}`;
}
