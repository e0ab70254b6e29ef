import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { api, asProblem, type ApiProblem } from '../../app/api';
import { localizedPath, useLang, useMessages, type Dictionary } from '../../app/i18n';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { usePageTitle } from '../../ui/usePageTitle';
import { formatCount, formatParisDateTime } from '../stock/labels';
import type { InclusionProofView, PublicDrawDetail } from './contracts';
import { DrawCharts } from './DrawCharts';
import { Facts } from './Facts';
import { checkInclusion, type InclusionVerdict } from './inclusion';
import { drawMessages } from './messages';

const messages: Dictionary<{
  loading: string;
  back: string;
  demoNotice: string;
  summaryTitle: string;
  programme: string;
  operator: string;
  wholeProgramme: string;
  spec: string;
  committedAt: string;
  entriesRoot: string;
  commitmentHash: string;
  round: string;
  roundAt: string;
  witnesses: string;
  randomness: string;
  seed: string;
  ranAt: string;
  entryCount: string;
  allocated: string;
  reserve: string;
  seatsFilled: string;
  recordSha256: string;
  resultsHash: string;
  resultsTitle: string;
  verifyTitle: string;
  verifyLead: string;
  download: string;
  downloadCommitment: string;
  keys: string;
  commandLead: string;
  commandAfter: string;
  inclusionTitle: string;
  inclusionLead: string;
  entryId: string;
  entryIdHint: string;
  check: string;
  checking: string;
  included: (index: string, size: string) => string;
  absent: string;
  reasons: Record<Exclude<InclusionVerdict, { included: true }>['reason'], string>;
  invalidId: string;
}> = {
  fr: {
    loading: 'Chargement…',
    back: 'Tous les tirages publiés',
    demoNotice:
      'Tirage de démonstration : les candidatures sont fictives et le tirage a pu s’engager sur un tour drand déjà produit. Son relevé le dit.',
    summaryTitle: 'Engagement et graine',
    programme: 'Programme',
    operator: 'Opérateur',
    wholeProgramme: 'programme entier',
    spec: 'Version de la spécification',
    committedAt: 'Engagement signé le',
    entriesRoot: 'Racine de Merkle des entrées',
    commitmentHash: 'Empreinte de l’engagement',
    round: 'Tour drand quicknet',
    roundAt: 'Produit le',
    witnesses: 'Témoins de secours',
    randomness: 'Aléa du tour (SHA-256 de sa signature)',
    seed: 'Graine du tirage',
    ranAt: 'Tirage effectué le',
    entryCount: 'Entrées',
    allocated: 'Entrées retenues',
    reserve: 'Entrées sur la liste d’attente',
    seatsFilled: 'Places attribuées',
    recordSha256: 'Empreinte SHA-256 du relevé',
    resultsHash: 'Empreinte des résultats',
    resultsTitle: 'Résultats',
    verifyTitle: 'Refaire le tirage',
    verifyLead:
      'Le relevé contient tout ce qu’il faut pour refaire le tirage : l’engagement, la signature drand, la graine, le numéro et le résultat de chaque entrée. Il est signé par la plateforme.',
    download: 'Télécharger le relevé signé (JSON)',
    downloadCommitment: 'Télécharger l’engagement signé (JSON)',
    keys: 'Clés publiques de la plateforme (keys.json)',
    commandLead: 'Puis, dans le dossier des deux fichiers, dans un terminal, avec Node.js :',
    commandAfter:
      'La commande vérifie les signatures avec les clés publiées, refait tout à partir du relevé seul et répond « conforme », ou dit exactement ce qui diffère. Le format est décrit pour qu’on puisse écrire son propre vérificateur.',
    inclusionTitle: 'Vérifier que mon entrée y figure',
    inclusionLead:
      'Collez l’identifiant d’entrée de 32 caractères affiché sur votre candidature. Votre navigateur vérifie lui-même la preuve d’inclusion contre la racine engagée : rien ne vous identifie.',
    entryId: 'Identifiant d’entrée',
    entryIdHint: '32 caractères hexadécimaux (chiffres et lettres de a à f).',
    check: 'Vérifier',
    checking: 'Vérification…',
    included: (index, size) =>
      `Votre entrée est incluse : la preuve mène à la racine engagée (feuille ${index} sur ${size}).`,
    absent: 'Entrée absente : aucune entrée de ce tirage ne porte cet identifiant.',
    reasons: {
      'other-entry': 'Entrée absente : la preuve reçue porte sur une autre entrée.',
      'leaf-mismatch': 'Entrée absente : la feuille reçue ne correspond pas à l’entrée.',
      'root-mismatch': 'Entrée absente : la preuve ne mène pas à la racine engagée.',
      'path-invalid': 'Entrée absente : le chemin de la preuve ne mène pas à la racine engagée.',
    },
    invalidId: 'Un identifiant d’entrée a 32 caractères hexadécimaux (chiffres et lettres de a à f).',
  },
  en: {
    loading: 'Loading…',
    back: 'All published draws',
    demoNotice:
      'Demonstration draw: the applications are fictitious and the draw may have committed to a drand round already produced. Its record says so.',
    summaryTitle: 'Commitment and seed',
    programme: 'Programme',
    operator: 'Operator',
    wholeProgramme: 'whole programme',
    spec: 'Specification version',
    committedAt: 'Commitment signed',
    entriesRoot: 'Merkle root of the entries',
    commitmentHash: 'Commitment hash',
    round: 'drand quicknet round',
    roundAt: 'Produced',
    witnesses: 'Fallback witnesses',
    randomness: 'Round randomness (SHA-256 of its signature)',
    seed: 'Seed of the draw',
    ranAt: 'Draw run',
    entryCount: 'Entries',
    allocated: 'Entries selected',
    reserve: 'Entries on the reserve list',
    seatsFilled: 'Seats filled',
    recordSha256: 'SHA-256 of the record',
    resultsHash: 'Results hash',
    resultsTitle: 'Results',
    verifyTitle: 'Re-run the draw',
    verifyLead:
      'The record holds everything needed to re-run the draw: the commitment, the drand signature, the seed, each entry’s number and outcome. It is signed by the platform.',
    download: 'Download the signed record (JSON)',
    downloadCommitment: 'Download the signed commitment (JSON)',
    keys: 'The platform’s public keys (keys.json)',
    commandLead: 'Then, in the folder of both files, in a terminal, with Node.js:',
    commandAfter:
      'The command checks the signatures with the published keys, re-computes everything from the record alone and answers "conforme" (compliant), or says exactly what differs. The format is specified so that anyone can write their own verifier.',
    inclusionTitle: 'Check that my entry is in it',
    inclusionLead:
      'Paste the 32-character entry id shown on your application. Your browser itself checks the inclusion proof against the committed root: nothing identifies you.',
    entryId: 'Entry id',
    entryIdHint: '32 hexadecimal characters (digits and letters a to f).',
    check: 'Check',
    checking: 'Checking…',
    included: (index, size) =>
      `Your entry is included: the proof leads to the committed root (leaf ${index} of ${size}).`,
    absent: 'Entry absent: no entry of this draw has this id.',
    reasons: {
      'other-entry': 'Entry absent: the proof received is about another entry.',
      'leaf-mismatch': 'Entry absent: the leaf received does not match the entry.',
      'root-mismatch': 'Entry absent: the proof does not lead to the committed root.',
      'path-invalid': 'Entry absent: the proof’s path does not lead to the committed root.',
    },
    invalidId: 'An entry id has 32 hexadecimal characters (digits and letters a to f).',
  },
};

/** A published draw, for anyone: what it committed to, its seed and results, how to re-run it. */
export function PublicDrawPage() {
  const lang = useLang();
  const t = useMessages(messages);
  const d = useMessages(drawMessages);
  const { drawId } = useParams();
  const [draw, setDraw] = useState<PublicDrawDetail | undefined>(undefined);
  const [problem, setProblem] = useState<ApiProblem | undefined>(undefined);
  const [entryId, setEntryId] = useState('');
  const [checking, setChecking] = useState(false);
  const [verdict, setVerdict] = useState<string | undefined>(undefined);
  const [entryError, setEntryError] = useState<string | undefined>(undefined);
  const [proofProblem, setProofProblem] = useState<ApiProblem | undefined>(undefined);
  const verdictRef = useRef<HTMLDivElement>(null);
  usePageTitle(draw?.name ?? t.loading);

  useEffect(() => {
    if (!drawId) return;
    api<PublicDrawDetail>('GET', `/api/v1/public/draws/${drawId}`)
      .then(setDraw)
      .catch((error: unknown) => setProblem(asProblem(error)));
  }, [drawId]);

  const check = async (submitted: FormEvent) => {
    submitted.preventDefault();
    if (!draw) return;
    const id = entryId.trim().toLowerCase();
    setVerdict(undefined);
    setProofProblem(undefined);
    if (!/^[0-9a-f]{32}$/.test(id)) {
      setEntryError(t.invalidId);
      return;
    }
    setEntryError(undefined);
    setChecking(true);
    try {
      const proof = await api<InclusionProofView>(
        'GET',
        `/api/v1/public/draws/${draw.id}/inclusion-proof/${id}`,
      );
      const result = checkInclusion(proof, id, draw.entriesRoot);
      setVerdict(
        result.included
          ? t.included(formatCount(lang, result.leafIndex + 1), formatCount(lang, result.treeSize))
          : t.reasons[result.reason],
      );
    } catch (error) {
      const failure = asProblem(error);
      if (failure.code === 'entry-not-found') setVerdict(t.absent);
      else setProofProblem(failure);
    } finally {
      setChecking(false);
    }
  };

  if (!draw) {
    return (
      <div className="fr-container fr-py-6w">
        <ProblemAlert problem={problem} />
        {problem === undefined && <p aria-busy="true">{t.loading}</p>}
      </div>
    );
  }

  const command = `npx gradins draw verify tirage-${draw.id}.json --keys keys.json`;

  return (
    <div className="fr-container fr-py-6w">
      <p>
        <Link
          className="fr-link fr-icon-arrow-left-line fr-link--icon-left"
          to={localizedPath(lang, 'tirages')}
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
      {draw.demonstration && <p className="fr-text--lead">{t.demoNotice}</p>}
      <Facts
        rows={[
          [t.programme, draw.programme],
          [t.operator, draw.operator ?? t.wholeProgramme],
          [t.entryCount, formatCount(lang, draw.entryCount)],
        ]}
      />

      <h2>{t.summaryTitle}</h2>
      <Facts
        rows={[
          [t.spec, `gradins-draw-v${draw.specVersion}`],
          [t.committedAt, formatParisDateTime(lang, draw.committedAt)],
          [t.entriesRoot, draw.entriesRoot, true],
          [t.commitmentHash, draw.commitmentHash, true],
          [t.round, String(draw.round)],
          [t.roundAt, formatParisDateTime(lang, draw.roundAt)],
          [t.witnesses, draw.witnesses.join(', ')],
          ...(draw.randomness ? [[t.randomness, draw.randomness, true] as const] : []),
          ...(draw.seed ? [[t.seed, draw.seed, true] as const] : []),
        ]}
      />

      <h2>{t.resultsTitle}</h2>
      <Facts
        rows={[
          [t.ranAt, formatParisDateTime(lang, draw.ranAt)],
          [t.allocated, formatCount(lang, draw.allocatedEntries)],
          [t.reserve, formatCount(lang, draw.reserveEntries)],
          [t.seatsFilled, formatCount(lang, draw.seatsFilled)],
          [t.recordSha256, draw.recordSha256, true],
          [t.resultsHash, draw.resultsHash, true],
        ]}
      />
      <DrawCharts breakdown={draw} headingLevel="h3" />

      <h2>{t.verifyTitle}</h2>
      <p>{t.verifyLead}</p>
      <ul className="fr-raw-list">
        <li>
          <a
            className="fr-link fr-icon-download-line fr-link--icon-left"
            href={draw.recordUrl}
            download={`tirage-${draw.id}.json`}
          >
            {t.download}
          </a>
        </li>
        <li>
          <a
            className="fr-link fr-icon-download-line fr-link--icon-left"
            href={draw.commitmentUrl}
            download={`engagement-${draw.id}.json`}
          >
            {t.downloadCommitment}
          </a>
        </li>
        <li>
          <a
            className="fr-link fr-icon-download-line fr-link--icon-left"
            href="/.well-known/gradins/keys.json"
            download="keys.json"
          >
            {t.keys}
          </a>
        </li>
      </ul>
      <p className="fr-mt-2w">{t.commandLead}</p>
      <pre className="gradins-command">
        <code>{command}</code>
      </pre>
      <p>{t.commandAfter}</p>

      <h2 id="inclusion">{t.inclusionTitle}</h2>
      <p>{t.inclusionLead}</p>
      <form onSubmit={(submitted) => void check(submitted)} aria-labelledby="inclusion">
        <Input
          label={t.entryId}
          hintText={t.entryIdHint}
          {...(entryError !== undefined && { state: 'error' as const, stateRelatedMessage: entryError })}
          nativeInputProps={{
            name: 'entryId',
            required: true,
            spellCheck: false,
            autoComplete: 'off',
            value: entryId,
            onChange: (change) => setEntryId(change.target.value),
          }}
        />
        <Button type="submit" disabled={checking}>
          {checking ? t.checking : t.check}
        </Button>
      </form>
      <ProblemAlert problem={proofProblem} className="fr-mt-3w" />
      <div ref={verdictRef} role="status" className="fr-mt-3w" data-inclusion-verdict>
        {verdict !== undefined && (
          <p>
            <strong>{verdict}</strong>
          </p>
        )}
      </div>
    </div>
  );
}
