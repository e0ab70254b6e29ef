import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { Table } from '@codegouvfr/react-dsfr/Table';
import { Upload } from '@codegouvfr/react-dsfr/Upload';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { Link, useLocation } from 'react-router';
import { IMPORT_ATTESTATION } from '../../../../contracts/import-attestation';
import { api, apiUpload, asProblem, type ApiProblem } from '../../app/api';
import type { ApplicantPage, ImportProgress, OperatorStock } from '../../app/contracts';
import { localizedPath, useLang, useMessages, type Dictionary } from '../../app/i18n';
import { useSession } from '../../app/session';
import { ProblemAlert, SuccessAlert } from '../../ui/ProblemAlert';
import { usePageTitle } from '../../ui/usePageTitle';
import { countOf, formatCount } from '../stock/labels';

const messages: Dictionary<{
  pageTitle: string;
  lead: string;
  none: string;
  importTitle: string;
  importLead: string;
  programme: string;
  choose: string;
  file: string;
  fileHint: string;
  start: string;
  progressLabel: string;
  progress: (rows: string, percent: number) => string;
  done: (created: number, unchanged: number, rejected: number) => string;
  failed: string;
  report: string;
  listTitle: string;
  search: string;
  searchHint: string;
  channel: string;
  channels: Record<string, string>;
  all: string;
  flag: string;
  flagOnly: string;
  apply: string;
  total: (count: number, lowerBound: boolean) => string;
  columns: string[];
  already: string;
  groupOf: (name: string, size: number) => string;
  carer: Record<string, string>;
  view: (name: string) => string;
  next: string;
  first: string;
  erased: (entryRef: string) => string;
}> = {
  fr: {
    pageTitle: 'Candidats',
    lead: 'Les personnes que vous avez inscrites ou qui ont candidaté auprès de vous. Pour un groupe, vous ne voyez que le responsable, la taille du groupe et les besoins comptés. Chaque consultation d’une fiche est enregistrée au journal.',
    none: 'Votre compte n’est rattaché à aucun opérateur.',
    importTitle: 'Importer des candidats (CSV)',
    importLead:
      'Fichier CSV UTF-8, séparé par des points-virgules : nom_de_naissance;prenoms;date_de_naissance;courriel;statuts;justificatifs;consentement_le;representant_legal. Les lignes refusées sont listées dans un rapport ; importer de nouveau le même fichier ne crée pas de doublon.',
    programme: 'Programme',
    choose: 'Choisir',
    file: 'Fichier CSV des candidats',
    fileHint: 'Format .csv, UTF-8, jusqu’à 512 Mo.',
    start: 'Importer',
    progressLabel: 'Avancement de l’import',
    progress: (rows, percent) => `${rows} lignes lues (${percent} %)`,
    done: (created, unchanged, rejected) =>
      `Import terminé : ${countOf('fr', created, 'candidat ajouté', 'candidats ajoutés')}, ${countOf('fr', unchanged, 'déjà présent', 'déjà présents')}, ${countOf('fr', rejected, 'ligne refusée', 'lignes refusées')}.`,
    failed: 'L’import s’est arrêté :',
    report: 'Télécharger le rapport des lignes refusées (CSV)',
    listTitle: 'Liste des candidats',
    search: 'Rechercher',
    searchHint: 'Début du nom de naissance, ou référence (XXXX-XXXX-XXXX-XXXX).',
    channel: 'Origine',
    channels: { import: 'import', form: 'formulaire', group: 'groupe' },
    all: 'Toutes',
    flag: 'Déjà bénéficiaire',
    flagOnly: 'Seulement les personnes déjà candidates à un autre programme de l’État',
    apply: 'Filtrer',
    total: (count, lowerBound) =>
      `${lowerBound ? 'Plus de ' : ''}${countOf('fr', count, 'candidat', 'candidats')}`,
    columns: ['Nom', 'Prénoms', 'Naissance', 'Référence', 'Origine', 'Remarques', 'Fiche'],
    already: 'déjà candidat à un autre programme de l’État',
    groupOf: (name, size) => `groupe « ${name} » (${size} personnes)`,
    carer: { person: 'avec son aidant', carer: 'aidant' },
    view: (name) => `Voir la fiche de ${name}`,
    next: 'Page suivante',
    first: 'Première page',
    erased: (entryRef) =>
      `Le candidat est effacé : la candidature ${entryRef} est annulée et ses données sont effacées. Une preuve anonyme de ses consentements est conservée.`,
  },
  en: {
    pageTitle: 'Applicants',
    lead: 'The people you registered or who applied to you. For a group, you only see the manager, the group’s size and the counted needs. Each applicant record you open is logged.',
    none: 'Your account is attached to no operator.',
    importTitle: 'Import applicants (CSV)',
    importLead:
      'A UTF-8 CSV file separated by semicolons: nom_de_naissance;prenoms;date_de_naissance;courriel;statuts;justificatifs;consentement_le;representant_legal. Rejected lines are listed in a report; importing the same file again creates no duplicate.',
    programme: 'Programme',
    choose: 'Choose',
    file: 'CSV file of the applicants',
    fileHint: '.csv format, UTF-8, up to 512 MB.',
    start: 'Import',
    progressLabel: 'Import progress',
    progress: (rows, percent) => `${rows} lines read (${percent}%)`,
    done: (created, unchanged, rejected) =>
      `Import finished: ${countOf('en', created, 'applicant', 'applicants')} added, ${unchanged} already there, ${countOf('en', rejected, 'line', 'lines')} rejected.`,
    failed: 'The import stopped:',
    report: 'Download the report of rejected lines (CSV)',
    listTitle: 'List of applicants',
    search: 'Search',
    searchHint: 'Start of the birth surname, or reference (XXXX-XXXX-XXXX-XXXX).',
    channel: 'Origin',
    channels: { import: 'import', form: 'form', group: 'group' },
    all: 'All',
    flag: 'Already a beneficiary',
    flagOnly: 'Only people who already applied to another State programme',
    apply: 'Filter',
    total: (count, lowerBound) =>
      `${lowerBound ? 'More than ' : ''}${countOf('en', count, 'applicant', 'applicants')}`,
    columns: ['Surname', 'First names', 'Born', 'Reference', 'Origin', 'Remarks', 'Record'],
    already: 'already an applicant of another State programme',
    groupOf: (name, size) => `group "${name}" (${size} people)`,
    carer: { person: 'with their carer', carer: 'carer' },
    view: (name) => `Open the record of ${name}`,
    next: 'Next page',
    first: 'First page',
    erased: (entryRef) =>
      `The applicant is erased: application ${entryRef} is cancelled and its data erased. An anonymous proof of the consents is kept.`,
  },
};

/** The operator's own organisation: its scoped operator grant, or the account's organisation. */
export function useOperatorId(): string | undefined {
  const session = useSession();
  return useMemo(() => {
    const scoped = (session.state?.grants ?? []).find(
      (grant) => grant.active && grant.role === 'operator' && grant.scopeKind === 'operator',
    )?.scopeId;
    return (
      scoped ??
      (session.state?.user?.organisation.kind === 'operator' ? session.state.user.organisation.id : undefined)
    );
  }, [session.state]);
}

/** An operator's applicants (TAJ-4, TAJ-7, TAJ-9): CSV import with progress, and the list. */
export function OperatorApplicantsPage() {
  const lang = useLang();
  const t = useMessages(messages);
  usePageTitle(t.pageTitle);
  const operatorId = useOperatorId();
  const [programmes, setProgrammes] = useState<{ programmeId: string; name: string }[]>([]);
  const [programmeId, setProgrammeId] = useState('');
  const [attested, setAttested] = useState(false);
  const [progress, setProgress] = useState<ImportProgress | undefined>(undefined);
  const [problem, setProblem] = useState<ApiProblem | undefined>(undefined);
  const [page, setPage] = useState<ApplicantPage | undefined>(undefined);
  const [filters, setFilters] = useState({ search: '', channel: '', flagged: false });
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  // Counted by the server on the first page only: the following pages keep it.
  const [total, setTotal] = useState<{ count: number; lowerBound: boolean } | undefined>(undefined);
  const fileInput = useRef<HTMLInputElement>(null);
  const resultRef = useRef<HTMLDivElement>(null);
  // Back from an applicant's record after erasing them: the notice takes the focus, as the page changed.
  const erasedRef = (useLocation().state as { erasedRef?: string } | null)?.erasedRef;
  const noticeRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (erasedRef !== undefined) noticeRef.current?.focus();
  }, [erasedRef]);

  useEffect(() => {
    if (!operatorId) return;
    api<OperatorStock>('GET', `/api/v1/operators/${operatorId}/stock`)
      .then((stock) => {
        setProgrammes(stock.programmes.map(({ programmeId: id, name }) => ({ programmeId: id, name })));
        if (stock.programmes.length === 1) setProgrammeId(stock.programmes[0]!.programmeId);
      })
      .catch((error: unknown) => setProblem(asProblem(error)));
  }, [operatorId]);

  const load = useCallback(
    (after?: string) => {
      if (!operatorId) return;
      const query = new URLSearchParams({ limit: '50' });
      if (filters.search.trim()) query.set('search', filters.search.trim());
      if (filters.channel) query.set('channel', filters.channel);
      if (filters.flagged) query.set('alreadyBeneficiary', 'true');
      if (after) query.set('after', after);
      api<ApplicantPage>('GET', `/api/v1/operators/${operatorId}/applicants?${query.toString()}`)
        .then((loaded) => {
          setPage(loaded);
          setCursor(after);
          if (loaded.total !== null) setTotal({ count: loaded.total, lowerBound: loaded.totalIsLowerBound });
        })
        .catch((error: unknown) => setProblem(asProblem(error)));
    },
    [operatorId, filters],
  );
  useEffect(() => load(), [load]);
  useEffect(() => {
    if (progress && progress.status !== 'running') resultRef.current?.focus();
  }, [progress]);

  const startImport = async (submitted: FormEvent) => {
    submitted.preventDefault();
    const file = fileInput.current?.files?.[0];
    if (!operatorId || !file) return;
    setProblem(undefined);
    try {
      const started = await api<ImportProgress>('POST', `/api/v1/operators/${operatorId}/applicant-imports`, {
        programmeId,
        bytesTotal: file.size,
        attested,
        attestationLanguage: lang,
      });
      setProgress(started);
      const poll = setInterval(() => {
        api<ImportProgress>('GET', `/api/v1/operators/${operatorId}/applicant-imports/${started.id}`)
          .then((current) => setProgress((previous) => (previous?.status === 'running' ? current : previous)))
          .catch(() => undefined);
      }, 500);
      try {
        setProgress(
          await apiUpload<ImportProgress>(
            `/api/v1/operators/${operatorId}/applicant-imports/${started.id}/file`,
            file,
            'text/csv',
            'PUT',
          ),
        );
      } catch (error) {
        setProblem(asProblem(error));
        setProgress(
          await api<ImportProgress>('GET', `/api/v1/operators/${operatorId}/applicant-imports/${started.id}`),
        );
      } finally {
        clearInterval(poll);
      }
      load();
    } catch (error) {
      setProblem(asProblem(error));
    }
  };

  if (!operatorId) {
    return (
      <div className="fr-container fr-py-6w">
        <h1>{t.pageTitle}</h1>
        <p>{t.none}</p>
      </div>
    );
  }

  const percent = progress?.bytesTotal
    ? Math.min(100, Math.floor((progress.bytesRead / progress.bytesTotal) * 100))
    : 0;

  return (
    <div className="fr-container fr-py-6w">
      <h1>{t.pageTitle}</h1>
      <p>{t.lead}</p>
      <div ref={noticeRef} tabIndex={-1}>
        <SuccessAlert message={erasedRef === undefined ? undefined : t.erased(erasedRef)} />
      </div>
      <ProblemAlert problem={problem} />

      <h2>{t.importTitle}</h2>
      <p>{t.importLead}</p>
      <form onSubmit={(submitted) => void startImport(submitted)} className="fr-mb-6w">
        <Select
          label={t.programme}
          nativeSelectProps={{
            name: 'programme',
            required: true,
            value: programmeId,
            onChange: (change) => setProgrammeId(change.target.value),
          }}
        >
          <option value="" disabled>
            {t.choose}
          </option>
          {programmes.map((programme) => (
            <option key={programme.programmeId} value={programme.programmeId}>
              {programme.name}
            </option>
          ))}
        </Select>
        <Upload
          label={t.file}
          hint={t.fileHint}
          nativeInputProps={{ ref: fileInput, accept: '.csv,text/csv', required: true, name: 'fichier' }}
        />
        <Checkbox
          className="fr-mt-3w"
          options={[
            {
              label: IMPORT_ATTESTATION[lang],
              nativeInputProps: {
                name: 'attestation',
                required: true,
                checked: attested,
                onChange: (change) => setAttested(change.target.checked),
              },
            },
          ]}
        />
        <Button type="submit" className="fr-mt-2w" disabled={progress?.status === 'running'}>
          {t.start}
        </Button>
        {progress && (
          <div className="fr-mt-3w">
            <label htmlFor="avancement-import" className="fr-label">
              {t.progressLabel}
            </label>
            <progress
              id="avancement-import"
              max={100}
              value={progress.status === 'running' ? percent : 100}
              style={{ width: '100%' }}
            >
              {percent} %
            </progress>
            <p aria-live="polite">
              {t.progress(
                formatCount(lang, progress.rowsRead),
                progress.status === 'running' ? percent : 100,
              )}
            </p>
            {progress.status !== 'running' && (
              <div ref={resultRef} tabIndex={-1} role="status">
                <p>
                  <strong>
                    {progress.status === 'failed'
                      ? `${t.failed} ${progress.failure ?? ''}`
                      : t.done(progress.rowsCreated, progress.rowsUnchanged, progress.rowsRejected)}
                  </strong>
                </p>
                {progress.rowsRejected > 0 && (
                  <a
                    className="fr-link fr-icon-download-line fr-link--icon-left"
                    href={`/api/v1/operators/${operatorId}/applicant-imports/${progress.id}/rejections.csv`}
                    download
                  >
                    {t.report}
                  </a>
                )}
              </div>
            )}
          </div>
        )}
      </form>

      <h2>{t.listTitle}</h2>
      <form
        className="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom fr-mb-3w"
        onSubmit={(submitted) => {
          submitted.preventDefault();
          load();
        }}
      >
        <div className="fr-col-12 fr-col-md-4">
          <Input
            label={t.search}
            hintText={t.searchHint}
            nativeInputProps={{
              name: 'search',
              value: filters.search,
              onChange: (change) => setFilters((current) => ({ ...current, search: change.target.value })),
            }}
          />
        </div>
        <div className="fr-col-12 fr-col-md-3">
          <Select
            label={t.channel}
            nativeSelectProps={{
              name: 'channel',
              value: filters.channel,
              onChange: (change) => setFilters((current) => ({ ...current, channel: change.target.value })),
            }}
          >
            <option value="">{t.all}</option>
            {Object.entries(t.channels).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </Select>
        </div>
        <div className="fr-col-12 fr-col-md-3">
          <div className="fr-checkbox-group">
            <input
              type="checkbox"
              id="filtre-deja-beneficiaire"
              checked={filters.flagged}
              onChange={(change) => setFilters((current) => ({ ...current, flagged: change.target.checked }))}
            />
            <label className="fr-label" htmlFor="filtre-deja-beneficiaire">
              {t.flagOnly}
            </label>
          </div>
        </div>
        <div className="fr-col-12 fr-col-md-2">
          <Button type="submit" priority="secondary">
            {t.apply}
          </Button>
        </div>
      </form>
      {page && (
        <>
          {total && <p role="status">{t.total(total.count, total.lowerBound)}</p>}
          <Table
            caption={t.listTitle}
            noCaption
            headers={t.columns}
            data={page.items.map((item) => [
              item.birthSurname,
              item.firstNames,
              item.birthDate.split('-').reverse().join('/'),
              item.entryRef,
              t.channels[item.channel] ?? item.channel,
              <span key="remarks">
                {item.alreadyBeneficiary && (
                  <Badge as="span" small severity="warning" className="fr-mr-1w">
                    {t.already}
                  </Badge>
                )}
                {item.group && t.groupOf(item.group.name, item.group.size)}
                {item.carerPair && t.carer[item.carerPair.role]}
              </span>,
              <Link
                key="view"
                to={localizedPath(lang, `operateur/candidats/${item.id}`)}
                title={t.view(`${item.firstNames} ${item.birthSurname}`)}
              >
                {t.view(`${item.firstNames} ${item.birthSurname}`)}
              </Link>,
            ])}
          />
          <div className="fr-btns-group fr-btns-group--inline">
            {cursor && (
              <Button priority="secondary" onClick={() => load()}>
                {t.first}
              </Button>
            )}
            {page.next && (
              <Button priority="secondary" onClick={() => load(page.next!)}>
                {t.next}
              </Button>
            )}
          </div>
        </>
      )}
    </div>
  );
}
