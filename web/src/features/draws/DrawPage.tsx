import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { RadioButtons } from '@codegouvfr/react-dsfr/RadioButtons';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { api, asProblem, type ApiProblem } from '../../app/api';
import { localizedPath, useLang, useMessages, type Dictionary } from '../../app/i18n';
import { fieldState, ProblemAlert, SuccessAlert } from '../../ui/ProblemAlert';
import { ScrollableTable } from '../../ui/ScrollableTable';
import { usePageTitle } from '../../ui/usePageTitle';
import { formatCount, formatParisDateTime, instantFromParisInput, parisInputValue } from '../stock/labels';
import type { CommitRequest, DrawView } from './contracts';
import { DrawCharts } from './DrawCharts';
import { Facts } from './Facts';
import { drawMessages } from './messages';
import { useDrawsApi } from './useDrawsApi';

/** drand quicknet (docs/formats/draw-record.md §6.1): where anyone reads a round's signature. */
const QUICKNET_CHAIN = '52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971';
const POLL_MS = 500;

const messages: Dictionary<{
  loading: string;
  back: string;
  status: string;
  bucket: string;
  created: string;
  quotasTitle: string;
  quotasLead: string;
  seatsFor: (event: string) => string;
  saveQuotas: string;
  quotasSaved: string;
  quotaColumns: string[];
  freezeTitle: string;
  freezeLead: string;
  freeze: string;
  frozen: (count: string) => string;
  entryCount: string;
  root: string;
  frozenAt: string;
  commitTitle: string;
  commitLead: string;
  roundMode: string;
  byTime: string;
  byTimeHint: string;
  byRound: string;
  byRoundHint: string;
  drawAt: string;
  drawAtHint: string;
  round: string;
  witnessesLegend: string;
  witnessesHint: string;
  witnessName: (index: number) => string;
  witnessCommitment: (index: number) => string;
  witnessCommitmentHint: string;
  addWitness: string;
  removeWitness: (index: number) => string;
  commit: string;
  committed: (round: number) => string;
  commitmentHash: string;
  roundNumber: string;
  roundAt: string;
  committedAt: string;
  witnesses: string;
  signature: (keyId: string) => string;
  commitmentFile: string;
  beaconTitle: string;
  beaconLead: (round: number) => string;
  beaconWhere: string;
  beaconNotYet: (when: string) => string;
  beaconSignature: (round: number) => string;
  beaconHint: string;
  enterBeacon: string;
  beaconEntered: string;
  runTitle: string;
  runLead: string;
  run: string;
  progressLabel: string;
  progressIndeterminate: string;
  progressPhase: (phase: string, percent: number) => string;
  runFailed: string;
  resultsTitle: string;
  ranAt: string;
  allocatedEntries: string;
  reserveEntries: string;
  seatsFilled: string;
  recordSha256: string;
  resultsHash: string;
  publish: string;
  publishLead: string;
  published: string;
  publicPage: string;
  notYet: string;
}> = {
  fr: {
    loading: 'Chargement…',
    back: 'Retour aux tirages',
    status: 'État',
    bucket: 'Lot',
    created: 'Créé le',
    quotasTitle: 'Quotas par événement',
    quotasLead:
      'Le nombre de places tirées pour chaque événement, au plus les billets du lot. Modifiable jusqu’au gel des entrées.',
    seatsFor: (event) => `Places pour ${event}`,
    saveQuotas: 'Enregistrer les quotas',
    quotasSaved: 'Quotas enregistrés.',
    quotaColumns: ['Événement', 'Places'],
    freezeTitle: '1. Figer les entrées',
    freezeLead:
      'Les candidatures confirmées du lot deviennent les entrées du tirage, chacune sous un identifiant aléatoire ; la racine de Merkle les engage toutes. Rien ne change ensuite.',
    freeze: 'Figer les entrées',
    frozen: (count) => `Entrées figées : ${count}.`,
    entryCount: 'Nombre d’entrées',
    root: 'Racine de Merkle des entrées',
    frozenAt: 'Figé le',
    commitTitle: '2. S’engager sur un tour de la balise drand',
    commitLead:
      'Choisissez un tour futur de drand quicknet (un tour toutes les 3 secondes) et nommez les témoins de secours. L’engagement est signé et public avant que le tour existe.',
    roundMode: 'Tour drand',
    byTime: 'Le premier tour à partir d’une date et heure',
    byTimeHint: 'Heure de Paris.',
    byRound: 'Un numéro de tour précis',
    byRoundHint: 'Un tour déjà produit n’est accepté que pour un tirage de démonstration.',
    drawAt: 'Date et heure du tirage',
    drawAtHint: 'Heure de Paris, au plus tôt dans quelques minutes.',
    round: 'Numéro du tour',
    witnessesLegend: 'Témoins de secours',
    witnessesHint:
      'Si aucune signature drand n’est disponible à temps, les témoins révèlent leurs secrets et la graine les combine. Chaque témoin donne l’empreinte SHA-256 de son secret de 32 octets.',
    witnessName: (index) => `Nom du témoin ${index}`,
    witnessCommitment: (index) => `Empreinte du secret du témoin ${index}`,
    witnessCommitmentHint: '64 caractères hexadécimaux.',
    addWitness: 'Ajouter un témoin',
    removeWitness: (index) => `Retirer le témoin ${index}`,
    commit: 'Signer l’engagement',
    committed: (round) => `Engagement signé sur le tour ${round}.`,
    commitmentHash: 'Empreinte de l’engagement',
    roundNumber: 'Tour drand',
    roundAt: 'Heure prévue du tour',
    committedAt: 'Engagé le',
    witnesses: 'Témoins de secours',
    signature: (keyId) => `Signature de l’engagement (clé ${keyId})`,
    commitmentFile: 'Télécharger l’engagement signé (JSON)',
    beaconTitle: '3. Saisir la valeur de la balise',
    beaconLead: (round) =>
      `Une fois le tour ${round} produit, collez sa signature : Gradins la vérifie hors ligne avec la clé publique de drand quicknet, et refuse une signature fausse.`,
    beaconWhere: 'La signature se lit sur le site de drand, champ « signature » :',
    beaconNotYet: (when) => `Le tour n’existe pas encore : il sera produit le ${when}.`,
    beaconSignature: (round) => `Signature du tour ${round}`,
    beaconHint: '96 caractères hexadécimaux.',
    enterBeacon: 'Vérifier et enregistrer la signature',
    beaconEntered: 'Signature drand vérifiée et enregistrée.',
    runTitle: '4. Lancer le tirage',
    runLead:
      'Graine, numéro de chaque entrée, ordre du tirage, attribution des places, liste d’attente, puis relevé signé.',
    run: 'Lancer le tirage',
    progressLabel: 'Avancement du tirage',
    progressIndeterminate: 'Tirage en cours…',
    progressPhase: (phase, percent) => `Tirage en cours : ${phase}, ${percent} %.`,
    runFailed: 'Le tirage s’est arrêté :',
    resultsTitle: '5. Résultats',
    ranAt: 'Tirage effectué le',
    allocatedEntries: 'Entrées retenues',
    reserveEntries: 'Entrées sur la liste d’attente',
    seatsFilled: 'Places attribuées',
    recordSha256: 'Empreinte SHA-256 du relevé',
    resultsHash: 'Empreinte des résultats',
    publish: 'Publier le relevé',
    publishLead: 'Le relevé signé devient public : chacun peut le télécharger et refaire le tirage.',
    published: 'Relevé publié.',
    publicPage: 'Voir la page publique du tirage',
    notYet: 'Étape à venir.',
  },
  en: {
    loading: 'Loading…',
    back: 'Back to the draws',
    status: 'Status',
    bucket: 'Bucket',
    created: 'Created',
    quotasTitle: 'Quotas per event',
    quotasLead:
      'How many seats are drawn for each event, at most the bucket’s tickets. You can change them until the entries are frozen.',
    seatsFor: (event) => `Seats for ${event}`,
    saveQuotas: 'Save the quotas',
    quotasSaved: 'Quotas saved.',
    quotaColumns: ['Event', 'Seats'],
    freezeTitle: '1. Freeze the entries',
    freezeLead:
      'The bucket’s confirmed applications become the draw’s entries, each under a random id; the Merkle root commits to them all. Nothing changes afterwards.',
    freeze: 'Freeze the entries',
    frozen: (count) => `Entries frozen: ${count}.`,
    entryCount: 'Number of entries',
    root: 'Merkle root of the entries',
    frozenAt: 'Frozen',
    commitTitle: '2. Commit to a round of the drand beacon',
    commitLead:
      'Choose a future round of drand quicknet (one round every 3 seconds) and name the fallback witnesses. The commitment is signed and public before the round exists.',
    roundMode: 'drand round',
    byTime: 'The first round from a date and time',
    byTimeHint: 'Paris time.',
    byRound: 'An explicit round number',
    byRoundHint: 'A round already produced is accepted for a demonstration draw only.',
    drawAt: 'Date and time of the draw',
    drawAtHint: 'Paris time, a few minutes from now at the earliest.',
    round: 'Round number',
    witnessesLegend: 'Fallback witnesses',
    witnessesHint:
      'If no drand signature is available in time, the witnesses reveal their secrets and the seed combines them. Each witness gives the SHA-256 hash of their 32-byte secret.',
    witnessName: (index) => `Name of witness ${index}`,
    witnessCommitment: (index) => `Hash of witness ${index}’s secret`,
    witnessCommitmentHint: '64 hexadecimal characters.',
    addWitness: 'Add a witness',
    removeWitness: (index) => `Remove witness ${index}`,
    commit: 'Sign the commitment',
    committed: (round) => `Commitment signed to round ${round}.`,
    commitmentHash: 'Commitment hash',
    roundNumber: 'drand round',
    roundAt: 'Expected time of the round',
    committedAt: 'Committed',
    witnesses: 'Fallback witnesses',
    signature: (keyId) => `Signature of the commitment (key ${keyId})`,
    commitmentFile: 'Download the signed commitment (JSON)',
    beaconTitle: '3. Enter the beacon value',
    beaconLead: (round) =>
      `Once round ${round} exists, paste its signature: Gradins verifies it offline with drand quicknet’s public key, and refuses a wrong one.`,
    beaconWhere: 'The signature is on drand’s site, field "signature":',
    beaconNotYet: (when) => `The round does not exist yet: it will be produced on ${when}.`,
    beaconSignature: (round) => `Signature of round ${round}`,
    beaconHint: '96 hexadecimal characters.',
    enterBeacon: 'Verify and save the signature',
    beaconEntered: 'drand signature verified and saved.',
    runTitle: '4. Run the draw',
    runLead: 'Seed, each entry’s number, draw order, seat allocation, reserve list, then the signed record.',
    run: 'Run the draw',
    progressLabel: 'Progress of the draw',
    progressIndeterminate: 'Draw running…',
    progressPhase: (phase, percent) => `Draw running: ${phase}, ${percent}%.`,
    runFailed: 'The draw stopped:',
    resultsTitle: '5. Results',
    ranAt: 'Draw run',
    allocatedEntries: 'Entries selected',
    reserveEntries: 'Entries on the reserve list',
    seatsFilled: 'Seats filled',
    recordSha256: 'SHA-256 of the record',
    resultsHash: 'Results hash',
    publish: 'Publish the record',
    publishLead: 'The signed record becomes public: anyone can download it and re-run the draw.',
    published: 'Record published.',
    publicPage: 'See the draw’s public page',
    notYet: 'Step to come.',
  },
};

interface WitnessField {
  key: number;
  name: string;
  commitment: string;
}

/** One draw, step by step: quotas, freeze, commit, beacon, run with progress, results and publication. */
export function DrawPage() {
  const lang = useLang();
  const t = useMessages(messages);
  const d = useMessages(drawMessages);
  const { drawId } = useParams();
  const { prefix } = useDrawsApi();
  const [draw, setDraw] = useState<DrawView | undefined>(undefined);
  const [problem, setProblem] = useState<ApiProblem | undefined>(undefined);
  const [success, setSuccess] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState<string | undefined>(undefined);
  const [quotas, setQuotas] = useState<Record<string, string>>({});
  const [mode, setMode] = useState<'time' | 'round'>('time');
  const [drawAt, setDrawAt] = useState(() =>
    parisInputValue(new Date(Date.now() + 20 * 60_000).toISOString()),
  );
  const [round, setRound] = useState('');
  const [witnesses, setWitnesses] = useState<WitnessField[]>([
    { key: 1, name: '', commitment: '' },
    { key: 2, name: '', commitment: '' },
  ]);
  const [signature, setSignature] = useState('');
  const [commitmentSignature, setCommitmentSignature] = useState<{ key_id: string; signature: string }>();
  usePageTitle(draw?.name ?? t.loading);

  const url = prefix && drawId ? `${prefix}/${drawId}` : undefined;

  const show = useCallback((loaded: DrawView) => {
    setDraw(loaded);
    setQuotas(Object.fromEntries(loaded.quotas.map((quota) => [quota.eventId, String(quota.seats)])));
  }, []);

  useEffect(() => {
    if (!url) return;
    api<DrawView>('GET', url)
      .then(show)
      .catch((error: unknown) => setProblem(asProblem(error)));
  }, [url, show]);

  // The signed commitment is public from the moment it is made.
  const committedHash = draw?.commitment?.commitmentHash;
  useEffect(() => {
    if (!drawId || committedHash === undefined) return;
    api<{ commitment_signature: { key_id: string; signature: string } }>(
      'GET',
      `/api/v1/public/draws/${drawId}/commitment`,
    )
      .then((file) => setCommitmentSignature(file.commitment_signature))
      .catch(() => setCommitmentSignature(undefined));
  }, [drawId, committedHash]);

  // While the server runs the draw in the background, the page follows its progress.
  const runningNow = draw?.running !== null && draw?.running !== undefined;
  useEffect(() => {
    if (!url || !runningNow) return;
    const timer = setTimeout(() => {
      api<DrawView>('GET', url)
        .then(setDraw)
        .catch((error: unknown) => setProblem(asProblem(error)));
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [url, runningNow, draw]);

  const step = async (name: string, method: 'POST' | 'PUT', path: string, body?: unknown, done?: string) => {
    if (!url) return;
    setProblem(undefined);
    setSuccess(undefined);
    setBusy(name);
    try {
      const next = await api<DrawView>(method, `${url}${path}`, body);
      show(next);
      setSuccess(done);
      return next;
    } catch (error) {
      setProblem(asProblem(error));
      return undefined;
    } finally {
      setBusy(undefined);
    }
  };

  if (!draw) {
    return (
      <div className="fr-container fr-py-6w">
        <ProblemAlert problem={problem} />
        <p aria-busy="true">{t.loading}</p>
      </div>
    );
  }

  const saveQuotas = (submitted: FormEvent) => {
    submitted.preventDefault();
    void step(
      'quotas',
      'PUT',
      '/quotas',
      {
        quotas: draw.quotas.map((quota) => ({
          eventId: quota.eventId,
          seats: Number(quotas[quota.eventId] ?? 0),
        })),
      },
      t.quotasSaved,
    );
  };

  const commit = (submitted: FormEvent) => {
    submitted.preventDefault();
    const instant = instantFromParisInput(drawAt);
    const body: CommitRequest = {
      witnesses: witnesses.map(({ name, commitment }) => ({ name, commitment })),
      ...(mode === 'round' ? { round: Number(round) } : instant === undefined ? {} : { drawAt: instant }),
    };
    void step('commit', 'POST', '/commitment', body).then(
      (next) => next?.commitment && setSuccess(t.committed(next.commitment.round)),
    );
  };

  const run = () => {
    // 202: the server runs the draw in the background and `running` says how far it is (polled below). A run
    // so short that it ended before the answer left shows neither: one more look finds it done.
    void step('run', 'POST', '/run').then((next) => {
      if (!url || !next || next.status !== 'committed' || next.running !== null || next.runError !== null)
        return;
      setTimeout(() => {
        api<DrawView>('GET', url)
          .then(setDraw)
          .catch((error: unknown) => setProblem(asProblem(error)));
      }, POLL_MS);
    });
  };

  const running = busy === 'run' || draw.running !== null;
  const progress = draw.running;
  const percent =
    progress && progress.total > 0
      ? Math.min(100, Math.floor((progress.done / progress.total) * 100))
      : undefined;
  const commitment = draw.commitment;
  const roundInFuture = commitment !== null && new Date(commitment.roundAt).getTime() > Date.now();

  return (
    <div className="fr-container fr-py-6w">
      <p>
        <Link
          className="fr-link fr-icon-arrow-left-line fr-link--icon-left"
          to={localizedPath(lang, 'gestion-des-tirages')}
        >
          {t.back}
        </Link>
      </p>
      <h1>
        {draw.name}
        {draw.demonstration && (
          <Badge severity="new" className="fr-ml-2w">
            {d.demonstration}
          </Badge>
        )}
      </h1>
      <Facts
        rows={[
          [t.status, d.statuses[draw.status]],
          [t.bucket, draw.bucket, true],
          [t.created, formatParisDateTime(lang, draw.createdAt)],
        ]}
      />
      <ProblemAlert problem={problem} />
      {draw.runError && (
        <div role="alert" className="fr-alert fr-alert--error fr-alert--sm fr-mb-3w">
          <p>
            {t.runFailed} {draw.runError.detail}
          </p>
        </div>
      )}
      <SuccessAlert message={success} />

      <section aria-labelledby="quotas">
        <h2 id="quotas">{t.quotasTitle}</h2>
        <p>{t.quotasLead}</p>
        {draw.status === 'setup' ? (
          <form onSubmit={saveQuotas} className="fr-mb-4w">
            <div className="fr-grid-row fr-grid-row--gutters">
              {draw.quotas.map((quota) => (
                <div key={quota.eventId} className="fr-col-12 fr-col-sm-6 fr-col-md-4">
                  <Input
                    label={t.seatsFor(quota.event)}
                    {...fieldState(problem, 'seats')}
                    nativeInputProps={{
                      type: 'number',
                      min: 0,
                      step: 1,
                      required: true,
                      inputMode: 'numeric',
                      value: quotas[quota.eventId] ?? '',
                      onChange: (change) =>
                        setQuotas((current) => ({ ...current, [quota.eventId]: change.target.value })),
                    }}
                  />
                </div>
              ))}
            </div>
            <Button type="submit" priority="secondary" disabled={busy !== undefined}>
              {t.saveQuotas}
            </Button>
          </form>
        ) : (
          <ScrollableTable
            caption={t.quotasTitle}
            noCaption
            headers={t.quotaColumns}
            data={draw.quotas.map((quota) => [quota.event, formatCount(lang, quota.seats)])}
          />
        )}
      </section>

      <section aria-labelledby="figer">
        <h2 id="figer">{t.freezeTitle}</h2>
        {draw.status === 'setup' ? (
          <>
            <p>{t.freezeLead}</p>
            <Button
              disabled={busy !== undefined}
              onClick={() =>
                void step('freeze', 'POST', '/freeze').then(
                  (next) =>
                    next?.entryCount != null && setSuccess(t.frozen(formatCount(lang, next.entryCount))),
                )
              }
            >
              {t.freeze}
            </Button>
          </>
        ) : (
          <Facts
            rows={[
              [t.entryCount, formatCount(lang, draw.entryCount ?? 0)],
              [t.root, draw.entriesRoot, true],
              [t.frozenAt, draw.frozenAt ? formatParisDateTime(lang, draw.frozenAt) : '—'],
            ]}
          />
        )}
      </section>

      <section aria-labelledby="engager">
        <h2 id="engager">{t.commitTitle}</h2>
        {draw.status === 'setup' && <p>{t.notYet}</p>}
        {draw.status === 'frozen' && (
          <form onSubmit={commit}>
            <p>{t.commitLead}</p>
            <RadioButtons
              legend={t.roundMode}
              name="mode-tour"
              options={[
                {
                  label: t.byTime,
                  hintText: t.byTimeHint,
                  nativeInputProps: { checked: mode === 'time', onChange: () => setMode('time') },
                },
                {
                  label: t.byRound,
                  hintText: t.byRoundHint,
                  nativeInputProps: { checked: mode === 'round', onChange: () => setMode('round') },
                },
              ]}
            />
            {mode === 'time' ? (
              <Input
                label={t.drawAt}
                hintText={t.drawAtHint}
                {...fieldState(problem, 'drawAt')}
                nativeInputProps={{
                  type: 'datetime-local',
                  required: true,
                  value: drawAt,
                  onChange: (change) => setDrawAt(change.target.value),
                }}
              />
            ) : (
              <Input
                label={t.round}
                {...fieldState(problem, 'round')}
                nativeInputProps={{
                  type: 'number',
                  min: 1,
                  step: 1,
                  required: true,
                  inputMode: 'numeric',
                  value: round,
                  onChange: (change) => setRound(change.target.value),
                }}
              />
            )}
            <fieldset className="fr-fieldset" aria-describedby="temoins-aide">
              <legend className="fr-fieldset__legend">{t.witnessesLegend}</legend>
              <p id="temoins-aide" className="fr-hint-text fr-fieldset__element">
                {t.witnessesHint}
              </p>
              {witnesses.map((witness, index) => (
                <div
                  key={witness.key}
                  className="fr-fieldset__element fr-grid-row fr-grid-row--gutters fr-grid-row--bottom"
                >
                  <div className="fr-col-12 fr-col-md-4">
                    <Input
                      label={t.witnessName(index + 1)}
                      nativeInputProps={{
                        required: true,
                        maxLength: 120,
                        value: witness.name,
                        onChange: (change) =>
                          setWitnesses((all) =>
                            all.map((one) =>
                              one.key === witness.key ? { ...one, name: change.target.value } : one,
                            ),
                          ),
                      }}
                    />
                  </div>
                  <div className="fr-col-12 fr-col-md-6">
                    <Input
                      label={t.witnessCommitment(index + 1)}
                      hintText={t.witnessCommitmentHint}
                      nativeInputProps={{
                        required: true,
                        pattern: '[0-9a-fA-F]{64}',
                        spellCheck: false,
                        autoComplete: 'off',
                        value: witness.commitment,
                        onChange: (change) =>
                          setWitnesses((all) =>
                            all.map((one) =>
                              one.key === witness.key
                                ? { ...one, commitment: change.target.value.trim() }
                                : one,
                            ),
                          ),
                      }}
                    />
                  </div>
                  {witnesses.length > 1 && (
                    <div className="fr-col-12 fr-col-md-2 fr-mb-3w">
                      <Button
                        type="button"
                        priority="tertiary"
                        size="small"
                        onClick={() => setWitnesses((all) => all.filter((one) => one.key !== witness.key))}
                      >
                        {t.removeWitness(index + 1)}
                      </Button>
                    </div>
                  )}
                </div>
              ))}
              <div className="fr-fieldset__element">
                <Button
                  type="button"
                  priority="secondary"
                  iconId="fr-icon-add-line"
                  disabled={witnesses.length >= 20}
                  onClick={() =>
                    setWitnesses((all) => [
                      ...all,
                      { key: Math.max(0, ...all.map((one) => one.key)) + 1, name: '', commitment: '' },
                    ])
                  }
                >
                  {t.addWitness}
                </Button>
              </div>
            </fieldset>
            <Button type="submit" disabled={busy !== undefined}>
              {t.commit}
            </Button>
          </form>
        )}
        {commitment && (
          <>
            <Facts
              rows={[
                [t.roundNumber, String(commitment.round)],
                [t.roundAt, formatParisDateTime(lang, commitment.roundAt)],
                [t.commitmentHash, commitment.commitmentHash, true],
                [t.committedAt, formatParisDateTime(lang, commitment.committedAt)],
                [t.witnesses, commitment.witnesses.join(', ')],
                ...(commitmentSignature
                  ? [[t.signature(commitmentSignature.key_id), commitmentSignature.signature, true] as const]
                  : []),
              ]}
            />
            <p>
              <a
                className="fr-link fr-icon-download-line fr-link--icon-left"
                href={`/api/v1/public/draws/${draw.id}/commitment`}
                download={`engagement-${draw.id}.json`}
              >
                {t.commitmentFile}
              </a>
            </p>
          </>
        )}
      </section>

      <section aria-labelledby="balise">
        <h2 id="balise">{t.beaconTitle}</h2>
        {!commitment && <p>{t.notYet}</p>}
        {commitment && !commitment.beaconEntered && draw.status === 'committed' && (
          <form
            onSubmit={(submitted) => {
              submitted.preventDefault();
              void step('beacon', 'POST', '/beacon', { signature: signature.trim() }, t.beaconEntered);
            }}
          >
            <p>{t.beaconLead(commitment.round)}</p>
            {roundInFuture && <p>{t.beaconNotYet(formatParisDateTime(lang, commitment.roundAt))}</p>}
            <p>
              {t.beaconWhere}{' '}
              <code className="gradins-hash">{`https://api.drand.sh/${QUICKNET_CHAIN}/public/${commitment.round}`}</code>
            </p>
            <Input
              label={t.beaconSignature(commitment.round)}
              hintText={t.beaconHint}
              textArea
              {...fieldState(problem, 'signature')}
              nativeTextAreaProps={{
                name: 'signature',
                required: true,
                rows: 3,
                spellCheck: false,
                autoComplete: 'off',
                value: signature,
                onChange: (change) => setSignature(change.target.value),
              }}
            />
            <Button type="submit" disabled={busy !== undefined}>
              {t.enterBeacon}
            </Button>
          </form>
        )}
        {commitment?.beaconEntered && <p>{t.beaconEntered}</p>}
      </section>

      <section aria-labelledby="lancer">
        <h2 id="lancer">{t.runTitle}</h2>
        {draw.status === 'committed' && commitment?.beaconEntered ? (
          <>
            <p>{t.runLead}</p>
            <Button disabled={busy !== undefined || running} onClick={run}>
              {t.run}
            </Button>
          </>
        ) : (
          draw.results === null && !running && <p>{t.notYet}</p>
        )}
        {/* The live region is always there, so a screen reader hears the progress as it changes. */}
        <div className="fr-mt-3w">
          {running && (
            <>
              <label htmlFor="avancement-tirage" className="fr-label">
                {t.progressLabel}
              </label>
              {percent === undefined ? (
                <progress id="avancement-tirage" className="gradins-progress" />
              ) : (
                <progress id="avancement-tirage" className="gradins-progress" max={100} value={percent}>
                  {percent} %
                </progress>
              )}
            </>
          )}
          <p role="status">
            {running
              ? progress && percent !== undefined
                ? t.progressPhase(d.phases[progress.phase], percent - (percent % 10))
                : t.progressIndeterminate
              : ''}
          </p>
        </div>
      </section>

      <section aria-labelledby="resultats">
        <h2 id="resultats">{t.resultsTitle}</h2>
        {draw.results === null ? (
          <p>{t.notYet}</p>
        ) : (
          <>
            <Facts
              rows={[
                [t.ranAt, formatParisDateTime(lang, draw.results.ranAt)],
                [t.allocatedEntries, formatCount(lang, draw.results.allocatedEntries)],
                [t.reserveEntries, formatCount(lang, draw.results.reserveEntries)],
                [t.seatsFilled, formatCount(lang, draw.results.seatsFilled)],
                [t.recordSha256, draw.results.recordSha256, true],
                [t.resultsHash, draw.results.resultsHash, true],
              ]}
            />
            <DrawCharts breakdown={draw.results} headingLevel="h3" />
            {draw.status === 'run' && (
              <>
                <p>{t.publishLead}</p>
                <Button
                  disabled={busy !== undefined}
                  onClick={() => void step('publish', 'POST', '/publish', undefined, t.published)}
                >
                  {t.publish}
                </Button>
              </>
            )}
            {draw.status === 'published' && (
              <p>
                <Link className="fr-link" to={localizedPath(lang, `tirages/${draw.id}`)}>
                  {t.publicPage}
                </Link>
              </p>
            )}
          </>
        )}
      </section>
    </div>
  );
}
