// Event times are given and shown as Paris wall-clock times (TAJ-2: "start time in Europe/Paris") and stored
// as instants. Pure functions over the platform's time-zone database (Intl), no clock.

const PARIS = 'Europe/Paris';

const partsFormatter = new Intl.DateTimeFormat('en-GB', {
  timeZone: PARIS,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function parisWallClock(instant: Date): WallClock {
  const parts = Object.fromEntries(
    partsFormatter.formatToParts(instant).map((part) => [part.type, Number(part.value)]),
  ) as Record<string, number>;
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour!,
    minute: parts.minute!,
    second: parts.second!,
  };
}

const asUtcMillis = (clock: WallClock) =>
  Date.UTC(clock.year, clock.month - 1, clock.day, clock.hour, clock.minute, clock.second);

/**
 * The instant at which Paris clocks show `local` (`2024-07-27T10:30` or with seconds). In the autumn hour
 * that happens twice, the first one (summer time) is taken; a time skipped in spring is refused.
 */
export function instantFromParis(local: string): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1).map((value) => Number(value ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const wanted: WallClock = { year, month, day, hour, minute, second };
  const wantedMillis = asUtcMillis(wanted);
  const check = new Date(wantedMillis);
  if (check.getUTCMonth() + 1 !== month || check.getUTCDate() !== day) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  // Paris is UTC+1 or UTC+2: try both offsets, summer time first.
  for (const offsetHours of [2, 1]) {
    const candidate = new Date(wantedMillis - offsetHours * 3_600_000);
    if (asUtcMillis(parisWallClock(candidate)) === wantedMillis) return candidate;
  }
  return undefined;
}

/** `2024-07-27T10:30` for an instant (seconds shown only when not zero). */
export function parisFromInstant(instant: Date): string {
  const clock = parisWallClock(instant);
  const two = (value: number) => String(value).padStart(2, '0');
  const base = `${clock.year}-${two(clock.month)}-${two(clock.day)}T${two(clock.hour)}:${two(clock.minute)}`;
  return clock.second === 0 ? base : `${base}:${two(clock.second)}`;
}

/** The Paris calendar date of an instant, `2024-07-27`. */
export function parisDate(instant: Date): string {
  return parisFromInstant(instant).slice(0, 10);
}

/** The same Paris wall-clock time `days` days later (the demo shifts the Paris 2024 calendar this way). */
export function shiftParisDays(instant: Date, days: number): Date {
  const clock = parisWallClock(instant);
  const day = new Date(Date.UTC(clock.year, clock.month - 1, clock.day + days));
  const shifted = {
    ...clock,
    year: day.getUTCFullYear(),
    month: day.getUTCMonth() + 1,
    day: day.getUTCDate(),
  };
  const two = (value: number) => String(value).padStart(2, '0');
  const local = (hour: number) =>
    `${shifted.year}-${two(shifted.month)}-${two(shifted.day)}T${two(hour)}:${two(clock.minute)}:${two(clock.second)}`;
  // A time that does not exist that day (the spring change, 02:00–03:00) moves one hour later, as clocks do.
  return instantFromParis(local(clock.hour)) ?? instantFromParis(local(clock.hour + 1))!;
}
