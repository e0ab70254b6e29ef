import { Card } from '@codegouvfr/react-dsfr/Card';
import { useEffect, useState } from 'react';
import { api, asProblem, type ApiProblem } from '../../app/api';
import type { TargetPublic } from '../../app/contracts';
import { localizedPath, useLang, useMessages, type Dictionary } from '../../app/i18n';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { usePageTitle } from '../../ui/usePageTitle';
import { publicNames } from '../stock/labels';

const messages: Dictionary<{
  pageTitle: string;
  lead: string;
  none: string;
  alone: string;
  group: string;
  already: string;
  find: string;
}> = {
  fr: {
    pageTitle: 'Candidater à un programme',
    lead: 'Choisissez le programme qui vous concerne. Vous candidatez pour vous-même (ou pour votre enfant), ou, si vous êtes responsable d’un groupe, pour le groupe.',
    none: 'Aucun programme ne reçoit de candidatures pour le moment.',
    alone: 'Candidater',
    group: 'Inscrire un groupe',
    already:
      'Vous avez déjà candidaté, ou un opérateur vous a inscrit, et vous n’avez plus le lien de suivi ?',
    find: 'Retrouver ma candidature',
  },
  en: {
    pageTitle: 'Apply to a programme',
    lead: 'Choose the programme that concerns you. Apply for yourself (or your child), or, if you manage a group, for the group.',
    none: 'No programme takes applications for now.',
    alone: 'Apply',
    group: 'Register a group',
    already: 'You already applied, or an operator registered you, and no longer have the follow-up link?',
    find: 'Find my application',
  },
};

/** The entry to the public forms: every programme that takes applications. */
export function ProgrammesToApplyPage() {
  const lang = useLang();
  const t = useMessages(messages);
  usePageTitle(t.pageTitle);
  const [programmes, setProgrammes] = useState<
    { id: string; name: string; targetPublic: TargetPublic }[] | undefined
  >();
  const [problem, setProblem] = useState<ApiProblem | undefined>(undefined);
  useEffect(() => {
    api<{ id: string; name: string; targetPublic: TargetPublic }[]>('GET', '/api/v1/application-programmes')
      .then(setProgrammes)
      .catch((error: unknown) => setProblem(asProblem(error)));
  }, []);
  return (
    <div className="fr-container fr-py-6w">
      <h1>{t.pageTitle}</h1>
      <p>{t.lead}</p>
      <ProblemAlert problem={problem} />
      {programmes?.length === 0 && <p>{t.none}</p>}
      <ul className="fr-grid-row fr-grid-row--gutters" style={{ listStyle: 'none', padding: 0 }}>
        {programmes?.map((programme) => (
          <li key={programme.id} className="fr-col-12 fr-col-md-6">
            <Card
              title={programme.name}
              titleAs="h2"
              desc={publicNames[lang][programme.targetPublic]}
              footer={
                <ul className="fr-btns-group fr-btns-group--inline-md">
                  <li>
                    <a className="fr-btn" href={localizedPath(lang, `candidater/${programme.id}`)}>
                      {t.alone}
                    </a>
                  </li>
                  <li>
                    <a
                      className="fr-btn fr-btn--secondary"
                      href={localizedPath(lang, `candidater/${programme.id}/groupe`)}
                    >
                      {t.group}
                    </a>
                  </li>
                </ul>
              }
            />
          </li>
        ))}
      </ul>
      <p className="fr-mt-4w">
        {t.already}{' '}
        <a className="fr-link" href={localizedPath(lang, 'ma-candidature')}>
          {t.find}
        </a>
      </p>
    </div>
  );
}
