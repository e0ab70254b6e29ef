import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, asProblem, type ApiProblem } from '../../app/api';
import type { InstanceInfo, OperatorStock, Programme } from '../../app/contracts';
import { localizedPath, useLang, useMessages, type Dictionary } from '../../app/i18n';
import { fieldState, ProblemAlert } from '../../ui/ProblemAlert';
import { ScrollableTable } from '../../ui/ScrollableTable';
import { usePageTitle } from '../../ui/usePageTitle';
import { formatCount, formatParisDateTime } from '../stock/labels';
import type { DrawSetupRequest, DrawView } from './contracts';
import { drawMessages } from './messages';
import { useDrawsApi } from './useDrawsApi';

const messages: Dictionary<{
  pageTitle: string;
  lead: string;
  none: string;
  noOperator: string;
  setupTitle: string;
  setupLead: string;
  programme: string;
  choose: string;
  bucket: string;
  bucketHint: string;
  wholeProgramme: string;
  name: string;
  nameHint: string;
  demonstration: string;
  create: string;
  listTitle: string;
  empty: string;
  columns: string[];
  publicLink: string;
}> = {
  fr: {
    pageTitle: 'Tirages au sort',
    lead: 'Chaque tirage attribue les places d’un lot (un programme et un opérateur, ou un programme entier) par un tirage que chacun peut refaire : on fige les candidatures, on s’engage sur un tour futur de la balise drand, on saisit sa signature, on lance le tirage puis on publie son relevé. Chaque étape est enregistrée au journal d’audit.',
    none: 'Aucun tirage pour l’instant.',
    noOperator: 'Votre compte n’est rattaché à aucun opérateur.',
    setupTitle: 'Préparer un tirage',
    setupLead:
      'Les quotas par événement reprennent les billets du lot ; vous pourrez les modifier tant que le tirage n’est pas figé.',
    programme: 'Programme',
    choose: 'Choisir',
    bucket: 'Lot',
    bucketHint: 'Les billets d’un opérateur dans ce programme, ou ceux que le programme garde.',
    wholeProgramme: 'Le programme entier (ses propres billets)',
    name: 'Nom du tirage',
    nameHint: 'Par exemple « Tirage des collèges — août ». Il est public une fois le tirage publié.',
    demonstration: 'Tirage de démonstration (données fictives)',
    create: 'Préparer le tirage',
    listTitle: 'Les tirages',
    empty: 'Aucun tirage pour l’instant.',
    columns: ['Tirage', 'État', 'Entrées', 'Créé le'],
    publicLink: 'Voir les tirages publiés et les vérifier',
  },
  en: {
    pageTitle: 'Draws',
    lead: 'Each draw allocates the seats of one bucket (a programme and an operator, or a whole programme) by a lottery anyone can re-run: the applications are frozen, the draw commits to a future round of the drand beacon, its signature is entered, the draw runs, then its record is published. Every step is in the audit log.',
    none: 'No draw yet.',
    noOperator: 'Your account is attached to no operator.',
    setupTitle: 'Set up a draw',
    setupLead: 'The quotas per event are the bucket’s tickets; you can change them until the draw is frozen.',
    programme: 'Programme',
    choose: 'Choose',
    bucket: 'Bucket',
    bucketHint: 'An operator’s tickets in this programme, or those the programme keeps.',
    wholeProgramme: 'The whole programme (its own tickets)',
    name: 'Name of the draw',
    nameHint: 'For instance "Schools draw — August". It is public once the draw is published.',
    demonstration: 'Demonstration draw (fictitious data)',
    create: 'Set up the draw',
    listTitle: 'Draws',
    empty: 'No draw yet.',
    columns: ['Draw', 'Status', 'Entries', 'Created'],
    publicLink: 'See the published draws and verify them',
  },
};

interface ProgrammeChoice {
  id: string;
  name: string;
  operators: { id: string; name: string }[];
}

/** The operator's (or programme administrator's) draws: the list, and setting up a new one. */
export function DrawsPage() {
  const lang = useLang();
  const t = useMessages(messages);
  const d = useMessages(drawMessages);
  usePageTitle(t.pageTitle);
  const navigate = useNavigate();
  const { prefix, admin, operatorId } = useDrawsApi();
  const [draws, setDraws] = useState<DrawView[] | undefined>(undefined);
  const [programmes, setProgrammes] = useState<ProgrammeChoice[]>([]);
  const [programmeId, setProgrammeId] = useState('');
  const [bucketOperator, setBucketOperator] = useState('');
  const [name, setName] = useState('');
  const [demonstration, setDemonstration] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  // Only an installation loaded with demonstration data may hold demonstration draws (past rounds allowed).
  const [demoInstance, setDemoInstance] = useState(false);

  useEffect(() => {
    api<InstanceInfo>('GET', '/api/v1/instance')
      .then((info) => setDemoInstance(info.demo !== null))
      .catch(() => setDemoInstance(false));
  }, []);

  useEffect(() => {
    if (!prefix) return;
    api<DrawView[]>('GET', prefix)
      .then(setDraws)
      .catch((error: unknown) => setProblem(asProblem(error)));
    const choices: Promise<ProgrammeChoice[]> = admin
      ? api<Programme[]>('GET', '/api/v1/programmes').then((all) =>
          all.map((programme) => ({
            id: programme.id,
            name: programme.name,
            operators: programme.operators.map((operator) => ({ id: operator.id, name: operator.name })),
          })),
        )
      : api<OperatorStock>('GET', `/api/v1/operators/${operatorId}/stock`).then((stock) =>
          stock.programmes.map((programme) => ({
            id: programme.programmeId,
            name: programme.name,
            operators: [],
          })),
        );
    choices
      .then((loaded) => {
        setProgrammes(loaded);
        if (loaded.length === 1) setProgrammeId(loaded[0]!.id);
      })
      .catch((error: unknown) => setProblem(asProblem(error)));
  }, [prefix, admin, operatorId]);

  const create = async (submitted: FormEvent) => {
    submitted.preventDefault();
    if (!prefix) return;
    setProblem(undefined);
    setBusy(true);
    try {
      const body: DrawSetupRequest = {
        programmeId,
        name,
        demonstration: demoInstance && demonstration,
        ...(admin && bucketOperator !== '' && { operatorId: bucketOperator }),
      };
      const created = await api<DrawView>('POST', prefix, body);
      void navigate(localizedPath(lang, `gestion-des-tirages/${created.id}`));
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setBusy(false);
    }
  };

  if (!prefix) {
    return (
      <div className="fr-container fr-py-6w">
        <h1>{t.pageTitle}</h1>
        <p>{t.noOperator}</p>
      </div>
    );
  }

  const chosen = programmes.find((programme) => programme.id === programmeId);

  return (
    <div className="fr-container fr-py-6w">
      <h1>{t.pageTitle}</h1>
      <p>{t.lead}</p>
      <p>
        <Link className="fr-link" to={localizedPath(lang, 'tirages')}>
          {t.publicLink}
        </Link>
      </p>
      <ProblemAlert problem={problem} />

      <h2>{t.setupTitle}</h2>
      <p>{t.setupLead}</p>
      <form onSubmit={(submitted) => void create(submitted)} className="fr-mb-6w">
        <Select
          label={t.programme}
          nativeSelectProps={{
            name: 'programme',
            required: true,
            value: programmeId,
            onChange: (change) => {
              setProgrammeId(change.target.value);
              setBucketOperator('');
            },
          }}
        >
          <option value="" disabled>
            {t.choose}
          </option>
          {programmes.map((programme) => (
            <option key={programme.id} value={programme.id}>
              {programme.name}
            </option>
          ))}
        </Select>
        {admin && (
          <Select
            label={t.bucket}
            hint={t.bucketHint}
            nativeSelectProps={{
              name: 'lot',
              value: bucketOperator,
              onChange: (change) => setBucketOperator(change.target.value),
            }}
          >
            <option value="">{t.wholeProgramme}</option>
            {(chosen?.operators ?? []).map((operator) => (
              <option key={operator.id} value={operator.id}>
                {operator.name}
              </option>
            ))}
          </Select>
        )}
        <Input
          label={t.name}
          hintText={t.nameHint}
          {...fieldState(problem, 'name')}
          nativeInputProps={{
            name: 'name',
            required: true,
            maxLength: 120,
            value: name,
            onChange: (change) => setName(change.target.value),
          }}
        />
        {demoInstance && (
          <Checkbox
            options={[
              {
                label: t.demonstration,
                hintText: d.demonstrationHint,
                nativeInputProps: {
                  name: 'demonstration',
                  checked: demonstration,
                  onChange: (change) => setDemonstration(change.target.checked),
                },
              },
            ]}
          />
        )}
        <Button type="submit" disabled={busy}>
          {t.create}
        </Button>
      </form>

      <h2>{t.listTitle}</h2>
      {draws !== undefined && draws.length === 0 && <p>{t.empty}</p>}
      {draws !== undefined && draws.length > 0 && (
        <ScrollableTable
          caption={t.listTitle}
          noCaption
          headers={t.columns}
          data={draws.map((draw) => [
            <Link key="name" to={localizedPath(lang, `gestion-des-tirages/${draw.id}`)}>
              {draw.name}
            </Link>,
            <span key="status">
              <Badge small noIcon>
                {d.statuses[draw.status]}
              </Badge>
              {draw.demonstration && (
                <Badge small severity="new" className="fr-ml-1w">
                  {d.demonstration}
                </Badge>
              )}
            </span>,
            draw.entryCount === null ? '—' : formatCount(lang, draw.entryCount),
            formatParisDateTime(lang, draw.createdAt),
          ])}
        />
      )}
    </div>
  );
}
