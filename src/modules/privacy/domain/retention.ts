// SEC-4: every category of data has a retention period, and its end is computed, not remembered. This is
// the pure half: when a programme's applicants' data is due for erasure.

/** Applicants' data is kept until six months after the Games close (information notice, data inventory). */
export const MONTHS_AFTER_GAMES = 6;
/** An address opted in to the post-Games contact (TAJ-20) is kept twelve more months. */
export const POST_GAMES_CONTACT_MONTHS = 12;

export type GamesCode = 'olympic' | 'paralympic';

/** `instant` plus whole calendar months (UTC), the day clamped to the end of a shorter month. */
export function addMonths(instant: Date, months: number): Date {
  const result = new Date(instant);
  const day = result.getUTCDate();
  result.setUTCDate(1);
  result.setUTCMonth(result.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate();
  result.setUTCDate(Math.min(day, lastDay));
  return result;
}

/** The Games a programme covers. */
export function gamesCovered(programmeGames: GamesCode | 'both'): GamesCode[] {
  return programmeGames === 'both' ? ['olympic', 'paralympic'] : [programmeGames];
}

/**
 * When a programme's applicants' data is due for erasure: six months after the last of the Games it covers
 * closes; `undefined` while one of those Games has no dates yet (nothing is due before its closing is known).
 */
export function purgeDueAt(
  programmeGames: GamesCode | 'both',
  closings: ReadonlyMap<GamesCode, Date>,
): Date | undefined {
  let last: Date | undefined;
  for (const code of gamesCovered(programmeGames)) {
    const closesAt = closings.get(code);
    if (!closesAt) return undefined;
    if (!last || closesAt > last) last = closesAt;
  }
  return last ? addMonths(last, MONTHS_AFTER_GAMES) : undefined;
}
