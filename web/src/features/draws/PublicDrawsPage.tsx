import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api, asProblem, type ApiProblem } from '../../app/api';
import { localizedPath, useLang, useMessages, type Dictionary } from '../../app/i18n';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { ScrollableTable } from '../../ui/ScrollableTable';
import { usePageTitle } from '../../ui/usePageTitle';
import { formatCount, formatParisDateTime } from '../stock/labels';
import type { PublicDraw } from './contracts';
import { drawMessages } from './messages';

const messages: Dictionary<{
  pageTitle: string;
  lead: string[];
  loading: string;
  empty: string;
  caption: string;
  columns: string[];
  wholeProgramme: string;
}> = {
  fr: {
    pageTitle: 'Vérifier un tirage',
    lead: [
      'Les places sont attribuées par un tirage au sort que chacun peut refaire. Avant le tirage, les entrées sont figées et l’opérateur s’engage publiquement sur un tour futur de la balise publique drand ; personne ne connaît ce tour d’avance, personne ne peut le choisir.',
      'Pour chaque tirage publié, vous pouvez télécharger le relevé signé et le refaire vous-même, et une personne candidate peut vérifier que son entrée y figure.',
    ],
    loading: 'Chargement…',
    empty: 'Aucun tirage publié pour l’instant.',
    caption: 'Tirages publiés',
    columns: ['Tirage', 'Programme', 'Opérateur', 'Entrées', 'Publié le'],
    wholeProgramme: 'programme entier',
  },
  en: {
    pageTitle: 'Verify a draw',
    lead: [
      'Seats are allocated by a lottery anyone can re-run. Before the draw, the entries are frozen and the operator publicly commits to a future round of the public drand beacon; nobody knows that round in advance, nobody can choose it.',
      'For each published draw, you can download the signed record and re-run it yourself, and an applicant can check that their entry is in it.',
    ],
    loading: 'Loading…',
    empty: 'No published draw yet.',
    caption: 'Published draws',
    columns: ['Draw', 'Programme', 'Operator', 'Entries', 'Published'],
    wholeProgramme: 'whole programme',
  },
};

/** The public list of published draws (TAJ-10): no login. */
export function PublicDrawsPage() {
  const lang = useLang();
  const t = useMessages(messages);
  const d = useMessages(drawMessages);
  usePageTitle(t.pageTitle);
  const [draws, setDraws] = useState<PublicDraw[] | undefined>(undefined);
  const [problem, setProblem] = useState<ApiProblem | undefined>(undefined);

  useEffect(() => {
    api<PublicDraw[]>('GET', '/api/v1/public/draws')
      .then(setDraws)
      .catch((error: unknown) => setProblem(asProblem(error)));
  }, []);

  return (
    <div className="fr-container fr-py-6w">
      <h1>{t.pageTitle}</h1>
      {t.lead.map((paragraph) => (
        <p key={paragraph}>{paragraph}</p>
      ))}
      <ProblemAlert problem={problem} />
      {draws === undefined && problem === undefined && <p aria-busy="true">{t.loading}</p>}
      {draws !== undefined && draws.length === 0 && <p>{t.empty}</p>}
      {draws !== undefined && draws.length > 0 && (
        <ScrollableTable
          caption={t.caption}
          headers={t.columns}
          data={draws.map((draw) => [
            <span key="name">
              {/* Only a published draw has a record, and a public page. */}
              {draw.publishedAt ? (
                <Link to={localizedPath(lang, `tirages/${draw.id}`)}>{draw.name}</Link>
              ) : (
                draw.name
              )}
              {draw.demonstration && (
                <Badge small severity="new" className="fr-ml-1w">
                  {d.demonstration}
                </Badge>
              )}
            </span>,
            draw.programme,
            draw.operator ?? t.wholeProgramme,
            formatCount(lang, draw.entryCount),
            draw.publishedAt ? formatParisDateTime(lang, draw.publishedAt) : '—',
          ])}
        />
      )}
    </div>
  );
}
