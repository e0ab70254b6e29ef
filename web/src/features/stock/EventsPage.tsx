import { Button } from '@codegouvfr/react-dsfr/Button';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { Table } from '@codegouvfr/react-dsfr/Table';
import { Upload } from '@codegouvfr/react-dsfr/Upload';
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { api, apiUpload, asProblem, type ApiProblem } from '../../app/api';
import type { Games, GamesCode, ImportReport, SportEvent } from '../../app/contracts';
import { useLang, useMessages, type Dictionary } from '../../app/i18n';
import { fieldState, ProblemAlert, SuccessAlert } from '../../ui/ProblemAlert';
import { usePageTitle } from '../../ui/usePageTitle';
import {
  countOf,
  formatCount,
  formatParisDateTime,
  gamesNames,
  instantFromParisInput,
  parisInputValue,
} from './labels';

const COLUMNS = 'code;jeux;nature;sport;discipline;site;debut;categorie;billets';

const messages: Dictionary<{
  pageTitle: string;
  lead: string;
  loading: string;
  gamesTitle: string;
  opensAt: string;
  closesAt: string;
  deadline: string;
  deadlineHint: string;
  parisTime: string;
  saveGames: (games: string) => string;
  reclaimedOn: (at: string) => string;
  newReclaim: string;
  newReclaimHint: string;
  invalidDate: string;
  gamesSaved: (games: string) => string;
  importTitle: string;
  importLead: string;
  file: string;
  fileHint: string;
  import: string;
  importing: string;
  reportSummary: (rows: number, created: number, unchanged: number, rejected: number) => string;
  rejectedCaption: string;
  rejectedColumns: string[];
  createTitle: string;
  code: string;
  codeHint: string;
  games: string;
  kind: string;
  kinds: { competition: string; ceremony: string };
  sport: string;
  discipline: string;
  venue: string;
  start: string;
  category: string;
  count: string;
  create: string;
  created: (code: string) => string;
  listTitle: string;
  listColumns: string[];
  noEvent: string;
}> = {
  fr: {
    pageTitle: 'Événements et stock',
    lead: 'Les séances olympiques et paralympiques, le stock de billets que la billetterie fournit pour chacune, et le calendrier des Jeux avec l’échéance de reprise des billets non attribués.',
    loading: 'Chargement…',
    gamesTitle: 'Calendrier des Jeux et échéances de reprise',
    opensAt: 'Ouverture',
    closesAt: 'Clôture',
    deadline: 'Échéance de reprise',
    deadlineHint:
      'À cette date, les billets non attribués des programmes et des opérateurs retournent au pot commun de l’État. Elle doit précéder l’ouverture.',
    parisTime: 'heure de Paris',
    saveGames: (games) => `Enregistrer — ${games}`,
    reclaimedOn: (at) => `Les billets non attribués ont été repris le ${at}.`,
    newReclaim: 'Programmer une nouvelle reprise à la nouvelle échéance',
    newReclaimHint:
      'Elle reprendra aussi les billets réaffectés depuis la première reprise et non attribués à cette date.',
    invalidDate:
      'Date et heure incomplètes ou inexistantes à Paris : saisissez-les au format JJ/MM/AAAA HH:MM.',
    gamesSaved: (games) => `Dates des ${games} enregistrées.`,
    importTitle: 'Importer des événements (CSV)',
    importLead: `Fichier CSV en UTF-8, colonnes séparées par des points-virgules (ou des virgules), une ligne par séance et par catégorie : ${COLUMNS}. Début au format JJ/MM/AAAA HH:MM (heure de Paris). Les lignes refusées sont listées avec leur motif ; les autres sont importées. Importer deux fois le même fichier ne crée pas de doublon.`,
    file: 'Fichier CSV des événements',
    fileHint: 'Format .csv, UTF-8.',
    import: 'Importer',
    importing: 'Import en cours…',
    reportSummary: (rows, created, unchanged, rejected) =>
      `${countOf('fr', rows, 'ligne lue', 'lignes lues')} : ${countOf('fr', created, 'importée', 'importées')}, ${countOf('fr', unchanged, 'déjà présente', 'déjà présentes')}, ${countOf('fr', rejected, 'refusée', 'refusées')}.`,
    rejectedCaption: 'Lignes refusées',
    rejectedColumns: ['Ligne', 'Code', 'Motif'],
    createTitle: 'Créer un événement',
    code: 'Code de la séance',
    codeHint: 'Unique, par exemple ATH-0802-S1.',
    games: 'Jeux',
    kind: 'Nature',
    kinds: { competition: 'Compétition', ceremony: 'Cérémonie' },
    sport: 'Sport',
    discipline: 'Discipline ou épreuve',
    venue: 'Site',
    start: 'Début (heure de Paris)',
    category: 'Catégorie de billets',
    count: 'Nombre de billets',
    create: 'Créer l’événement',
    created: (code) => `Événement ${code} créé ; son stock est au pot commun de l’État.`,
    listTitle: 'Les événements',
    listColumns: ['Code', 'Jeux', 'Épreuve', 'Site', 'Début (heure de Paris)', 'Stock'],
    noEvent: 'Aucun événement pour le moment.',
  },
  en: {
    pageTitle: 'Events and stock',
    lead: 'The Olympic and Paralympic sessions, the ticket stock the ticketing supplies for each, and the Games calendar with the deadline for reclaiming unassigned tickets.',
    loading: 'Loading…',
    gamesTitle: 'Games calendar and reclaim deadlines',
    opensAt: 'Opening',
    closesAt: 'Closing',
    deadline: 'Reclaim deadline',
    deadlineHint:
      'On this date, the tickets programmes and operators have not assigned go back to the State pool. It must come before the opening.',
    parisTime: 'Paris time',
    saveGames: (games) => `Save — ${games}`,
    reclaimedOn: (at) => `Unassigned tickets were reclaimed on ${at}.`,
    newReclaim: 'Schedule a new reclaim at the new deadline',
    newReclaimHint:
      'It will also take back the tickets reallocated since the first reclaim and not assigned by then.',
    invalidDate: 'Date and time incomplete or not existing in Paris: enter them as DD/MM/YYYY HH:MM.',
    gamesSaved: (games) => `Dates of the ${games} saved.`,
    importTitle: 'Import events (CSV)',
    importLead: `A UTF-8 CSV file, columns separated by semicolons (or commas), one line per session and category: ${COLUMNS}. Start as DD/MM/YYYY HH:MM (Paris time). Rejected lines are listed with their reason; the others are imported. Importing the same file twice creates no duplicate.`,
    file: 'CSV file of the events',
    fileHint: '.csv format, UTF-8.',
    import: 'Import',
    importing: 'Importing…',
    reportSummary: (rows, created, unchanged, rejected) =>
      `${countOf('en', rows, 'line', 'lines')} read: ${created} imported, ${unchanged} already there, ${rejected} rejected.`,
    rejectedCaption: 'Rejected lines',
    rejectedColumns: ['Line', 'Code', 'Reason'],
    createTitle: 'Create an event',
    code: 'Session code',
    codeHint: 'Unique, e.g. ATH-0802-S1.',
    games: 'Games',
    kind: 'Kind',
    kinds: { competition: 'Competition', ceremony: 'Ceremony' },
    sport: 'Sport',
    discipline: 'Discipline or event',
    venue: 'Venue',
    start: 'Start (Paris time)',
    category: 'Ticket category',
    count: 'Number of tickets',
    create: 'Create the event',
    created: (code) => `Event ${code} created; its stock is in the State pool.`,
    listTitle: 'The events',
    listColumns: ['Code', 'Games', 'Event', 'Venue', 'Start (Paris time)', 'Stock'],
    noEvent: 'No event yet.',
  },
};

const emptyEvent = {
  code: '',
  games: 'olympic' as GamesCode,
  kind: 'competition' as 'competition' | 'ceremony',
  sport: '',
  discipline: '',
  venue: '',
  start: '',
  category: '',
  count: '',
};

/** The programme administrator's events: the Games calendar, CSV import, creation by hand (issue [D]). */
export function EventsPage() {
  const lang = useLang();
  const t = useMessages(messages);
  usePageTitle(t.pageTitle);
  const [events, setEvents] = useState<SportEvent[] | undefined>(undefined);
  const [games, setGames] = useState<
    Record<
      string,
      { opensAt: string; closesAt: string; deadline: string; reclaimedAt: string | null; newReclaim: boolean }
    >
  >({});
  const [dateErrors, setDateErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<ApiProblem | undefined>(undefined);
  const [success, setSuccess] = useState<string | undefined>(undefined);
  const [report, setReport] = useState<ImportReport | undefined>(undefined);
  const [importing, setImporting] = useState(false);
  const [draft, setDraft] = useState(emptyEvent);
  const fileInput = useRef<HTMLInputElement>(null);
  const reportRef = useRef<HTMLDivElement>(null);

  const load = useCallback(() => {
    Promise.all([api<SportEvent[]>('GET', '/api/v1/events'), api<Games[]>('GET', '/api/v1/games')])
      .then(([eventList, gamesList]) => {
        setEvents(eventList);
        setGames(
          Object.fromEntries(
            gamesList.map((one) => [
              one.code,
              {
                opensAt: parisInputValue(one.opensAt),
                closesAt: parisInputValue(one.closesAt),
                deadline: parisInputValue(one.reclaimDeadline),
                reclaimedAt: one.reclaimedAt,
                newReclaim: false,
              },
            ]),
          ),
        );
      })
      .catch((error: unknown) => setProblem(asProblem(error)));
  }, []);
  useEffect(load, [load]);
  useEffect(() => {
    if (report !== undefined) reportRef.current?.focus();
  }, [report]);

  const start = () => {
    setProblem(undefined);
    setSuccess(undefined);
  };

  const saveGames = async (code: GamesCode) => {
    start();
    const values = games[code]!;
    const instants = {
      opensAt: instantFromParisInput(values.opensAt),
      closesAt: instantFromParisInput(values.closesAt),
      deadline: instantFromParisInput(values.deadline),
    };
    const errors = Object.fromEntries(
      Object.entries(instants)
        .filter(([, instant]) => instant === undefined)
        .map(([field]) => [`${code}-${field}`, t.invalidDate]),
    );
    setDateErrors(errors);
    if (Object.keys(errors).length > 0) return;
    try {
      await api('PUT', `/api/v1/games/${code}`, {
        opensAt: instants.opensAt,
        closesAt: instants.closesAt,
        reclaimDeadline: instants.deadline,
        newReclaim: values.newReclaim,
      });
      setSuccess(t.gamesSaved(gamesNames[lang][code]));
      load();
    } catch (error) {
      setProblem(asProblem(error));
    }
  };

  const importFile = async (submitted: FormEvent) => {
    submitted.preventDefault();
    start();
    setReport(undefined);
    const file = fileInput.current?.files?.[0];
    if (file === undefined) return;
    setImporting(true);
    try {
      setReport(await apiUpload<ImportReport>('/api/v1/events/import', file, 'text/csv'));
      load();
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setImporting(false);
    }
  };

  const createOne = async (submitted: FormEvent) => {
    submitted.preventDefault();
    start();
    try {
      const created = await api<SportEvent>('POST', '/api/v1/events', {
        code: draft.code,
        games: draft.games,
        kind: draft.kind,
        sport: draft.sport,
        discipline: draft.discipline,
        venue: draft.venue,
        startsAtParis: draft.start,
        stock:
          draft.category || draft.count ? [{ category: draft.category, count: Number(draft.count) }] : [],
      });
      setSuccess(t.created(created.code));
      setDraft(emptyEvent);
      load();
    } catch (error) {
      setProblem(asProblem(error));
    }
  };

  const text = (field: keyof typeof draft, label: string, extra: { hint?: string; type?: string } = {}) => (
    <div className="fr-fieldset__element">
      <Input
        label={label}
        {...(extra.hint !== undefined && { hintText: extra.hint })}
        {...fieldState(problem, field === 'start' ? 'startsAtParis' : field === 'count' ? 'count' : field)}
        nativeInputProps={{
          name: field,
          required: field !== 'category' && field !== 'count',
          type: extra.type ?? 'text',
          value: draft[field],
          onChange: (change) => setDraft((current) => ({ ...current, [field]: change.target.value })),
        }}
      />
    </div>
  );

  return (
    <div className="fr-container fr-py-6w">
      <h1>{t.pageTitle}</h1>
      <p>{t.lead}</p>
      <SuccessAlert message={success} />
      <ProblemAlert problem={problem} />
      {events === undefined ? (
        problem === undefined && <p aria-busy="true">{t.loading}</p>
      ) : (
        <>
          <h2>{t.gamesTitle}</h2>
          <div className="fr-grid-row fr-grid-row--gutters fr-mb-6w">
            {(['olympic', 'paralympic'] as const).map((code) => {
              const values = games[code];
              if (values === undefined) return null;
              const set = (field: 'opensAt' | 'closesAt' | 'deadline') => (value: string) =>
                setGames((current) => ({ ...current, [code]: { ...current[code]!, [field]: value } }));
              return (
                <form
                  key={code}
                  className="fr-col-12 fr-col-md-6"
                  onSubmit={(submitted) => {
                    submitted.preventDefault();
                    void saveGames(code);
                  }}
                >
                  <fieldset className="fr-fieldset">
                    <legend className="fr-fieldset__legend fr-h3">{gamesNames[lang][code]}</legend>
                    {(
                      [
                        ['opensAt', t.opensAt],
                        ['closesAt', t.closesAt],
                        ['deadline', t.deadline],
                      ] as const
                    ).map(([field, label]) => (
                      <div className="fr-fieldset__element" key={field}>
                        <Input
                          label={`${label} (${t.parisTime}) — ${gamesNames[lang][code]}`}
                          {...(field === 'deadline' && { hintText: t.deadlineHint })}
                          {...(dateErrors[`${code}-${field}`] !== undefined && {
                            state: 'error' as const,
                            stateRelatedMessage: dateErrors[`${code}-${field}`],
                          })}
                          nativeInputProps={{
                            type: 'datetime-local',
                            required: true,
                            name: `${code}-${field}`,
                            value: values[field],
                            onChange: (change) => set(field)(change.target.value),
                          }}
                        />
                      </div>
                    ))}
                    {values.reclaimedAt !== null && (
                      <div className="fr-fieldset__element">
                        <p className="fr-mb-1w">
                          {t.reclaimedOn(formatParisDateTime(lang, values.reclaimedAt))}
                        </p>
                        <Checkbox
                          options={[
                            {
                              label: `${t.newReclaim} — ${gamesNames[lang][code]}`,
                              hintText: t.newReclaimHint,
                              nativeInputProps: {
                                name: `${code}-newReclaim`,
                                checked: values.newReclaim,
                                onChange: (change) =>
                                  setGames((current) => ({
                                    ...current,
                                    [code]: { ...current[code]!, newReclaim: change.target.checked },
                                  })),
                              },
                            },
                          ]}
                        />
                      </div>
                    )}
                    <div className="fr-fieldset__element">
                      <Button type="submit" priority="secondary">
                        {t.saveGames(gamesNames[lang][code])}
                      </Button>
                    </div>
                  </fieldset>
                </form>
              );
            })}
          </div>

          <form onSubmit={(submitted) => void importFile(submitted)} className="fr-mb-6w">
            <h2>{t.importTitle}</h2>
            <p>{t.importLead}</p>
            <Upload
              label={t.file}
              hint={t.fileHint}
              nativeInputProps={{ ref: fileInput, accept: '.csv,text/csv', required: true, name: 'fichier' }}
            />
            <Button type="submit" className="fr-mt-2w" disabled={importing}>
              {importing ? t.importing : t.import}
            </Button>
            {report !== undefined && (
              <div ref={reportRef} tabIndex={-1} className="fr-mt-3w" role="status">
                <p>
                  <strong>
                    {t.reportSummary(report.rows, report.created, report.unchanged, report.rejected.length)}
                  </strong>
                </p>
                {report.rejected.length > 0 && (
                  <Table
                    caption={t.rejectedCaption}
                    headers={t.rejectedColumns}
                    data={report.rejected.map((row) => [String(row.line), row.code ?? '—', row.reason])}
                  />
                )}
              </div>
            )}
          </form>

          <h2>{t.createTitle}</h2>
          <form onSubmit={(submitted) => void createOne(submitted)} className="fr-mb-6w">
            <fieldset className="fr-fieldset">
              <legend className="fr-fieldset__legend fr-sr-only">{t.createTitle}</legend>
              {text('code', t.code, { hint: t.codeHint })}
              <div className="fr-fieldset__element">
                <Select
                  label={t.games}
                  nativeSelectProps={{
                    name: 'games',
                    value: draft.games,
                    onChange: (change) =>
                      setDraft((current) => ({ ...current, games: change.target.value as GamesCode })),
                  }}
                >
                  <option value="olympic">{gamesNames[lang].olympic}</option>
                  <option value="paralympic">{gamesNames[lang].paralympic}</option>
                </Select>
              </div>
              <div className="fr-fieldset__element">
                <Select
                  label={t.kind}
                  nativeSelectProps={{
                    name: 'kind',
                    value: draft.kind,
                    onChange: (change) =>
                      setDraft((current) => ({
                        ...current,
                        kind: change.target.value as 'competition' | 'ceremony',
                      })),
                  }}
                >
                  <option value="competition">{t.kinds.competition}</option>
                  <option value="ceremony">{t.kinds.ceremony}</option>
                </Select>
              </div>
              {text('sport', t.sport)}
              {text('discipline', t.discipline)}
              {text('venue', t.venue)}
              {text('start', t.start, { type: 'datetime-local' })}
              {text('category', t.category)}
              {text('count', t.count, { type: 'number' })}
              <div className="fr-fieldset__element">
                <Button type="submit">{t.create}</Button>
              </div>
            </fieldset>
          </form>

          <h2>{t.listTitle}</h2>
          {events.length === 0 ? (
            <p>{t.noEvent}</p>
          ) : (
            <Table
              caption={t.listTitle}
              noCaption
              headers={t.listColumns}
              data={events.map((event) => [
                event.code,
                gamesNames[lang][event.games],
                `${event.sport} — ${event.discipline}`,
                event.venue,
                formatParisDateTime(lang, event.startsAt),
                event.stock.map((line) => `${line.category} : ${formatCount(lang, line.count)}`).join(', '),
              ])}
            />
          )}
        </>
      )}
    </div>
  );
}
