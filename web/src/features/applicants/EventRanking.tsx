import { Select } from '@codegouvfr/react-dsfr/Select';
import type { ChoosableEvent } from '../../app/contracts';
import { useLang, useMessages, type Dictionary, type Lang } from '../../app/i18n';
import { formatParisDateTime } from '../stock/labels';

const messages: Dictionary<{
  title: string;
  lead: (max: number) => string;
  rank: (rank: number) => string;
  none: string;
  noEvents: string;
  pair: string;
}> = {
  fr: {
    title: 'Vos épreuves, par ordre de préférence',
    lead: (max) =>
      `Classez jusqu’à ${max} épreuve${max > 1 ? 's' : ''} : le tirage vous attribue la première de votre classement qui a encore des places. Sans classement, les épreuves sont prises dans l’ordre de leurs dates.`,
    rank: (rank) => `${rank === 1 ? '1er' : `${rank}e`} choix`,
    none: '— Aucune —',
    noEvents:
      'Aucune épreuve n’est encore proposée pour ce programme : le tirage prendra les épreuves dans l’ordre de leurs dates.',
    pair: 'Un seul classement pour la personne et son aidant, qui vont ensemble à la même épreuve.',
  },
  en: {
    title: 'Your events, in order of preference',
    lead: (max) =>
      `Rank up to ${max} event${max > 1 ? 's' : ''}: the draw gives you the first one in your ranking that still has seats. Without a ranking, events are taken in date order.`,
    rank: (rank) => `${rank}${rank === 1 ? 'st' : rank === 2 ? 'nd' : rank === 3 ? 'rd' : 'th'} choice`,
    none: '— None —',
    noEvents: 'No event is offered for this programme yet: the draw will take the events in date order.',
    pair: 'One ranking for the person and their carer, who go together to the same event.',
  },
};

/** How an event reads in a list: sport, discipline, venue and Paris start time. */
export function eventLabel(lang: Lang, event: ChoosableEvent): string {
  return `${event.sport} — ${event.discipline}, ${event.venue}, ${formatParisDateTime(lang, event.startsAt)} (${event.code})`;
}

/**
 * Ranking the programme's events (issue [F]): one native select per rank — « 1er choix », « 2e choix »… —,
 * each offering the events not ranked elsewhere, so a duplicate cannot be made; keyboard-operable and read out
 * by screen readers as labelled fields (RGAA 11). `value` is the ranking, best first, without gaps.
 */
export function EventRanking({
  events,
  max,
  value,
  onChange,
  pair = false,
  disabled = false,
  namePrefix = 'choix',
}: {
  events: ChoosableEvent[];
  max: number;
  value: string[];
  onChange: (ranking: string[]) => void;
  pair?: boolean;
  disabled?: boolean;
  namePrefix?: string;
}) {
  const lang = useLang();
  const t = useMessages(messages);
  const ranks = Math.min(max, events.length);
  const choose = (rank: number, eventId: string) => {
    const next = [...value];
    if (eventId === '') next.splice(rank, 1);
    else next[rank] = eventId;
    onChange(next.filter((id, index) => id !== undefined && next.indexOf(id) === index));
  };
  return (
    <fieldset className="fr-fieldset" aria-describedby={`${namePrefix}-lead`}>
      <legend className="fr-fieldset__legend">
        <h2 className="fr-h4 fr-mb-0">{t.title}</h2>
      </legend>
      <p className="fr-fieldset__element" id={`${namePrefix}-lead`}>
        {events.length === 0 ? t.noEvents : t.lead(max)}
        {pair && events.length > 0 && (
          <>
            <br />
            {t.pair}
          </>
        )}
      </p>
      {Array.from({ length: ranks }, (_, rank) => {
        // A rank opens once the one above it is chosen: the ranking has no gaps.
        const open = rank <= value.length;
        return (
          <div className="fr-fieldset__element" key={rank}>
            <Select
              label={t.rank(rank + 1)}
              disabled={disabled || !open}
              nativeSelectProps={{
                name: `${namePrefix}-${rank + 1}`,
                value: value[rank] ?? '',
                onChange: (change) => choose(rank, change.target.value),
              }}
            >
              <option value="">{t.none}</option>
              {events
                .filter((event) => event.id === value[rank] || !value.includes(event.id))
                .map((event) => (
                  <option key={event.id} value={event.id}>
                    {eventLabel(lang, event)}
                  </option>
                ))}
            </Select>
          </div>
        );
      })}
    </fieldset>
  );
}
