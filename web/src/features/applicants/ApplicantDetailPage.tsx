import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Table } from '@codegouvfr/react-dsfr/Table';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, asProblem, type ApiProblem } from '../../app/api';
import type { ApplicantDetail } from '../../app/contracts';
import { localizedPath, useLang, useMessages, type Dictionary } from '../../app/i18n';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { usePageTitle } from '../../ui/usePageTitle';
import { formatParisDateTime, statusNames } from '../stock/labels';
import { useOperatorId } from './OperatorApplicantsPage';

const messages: Dictionary<{
  pageTitle: string;
  back: string;
  loading: string;
  logged: string;
  reference: string;
  born: string;
  email: string;
  statuses: string;
  proof: (given: boolean) => string;
  none: string;
  group: (name: string, size: number) => string;
  needs: string;
  already: string;
  consents: string;
  columns: string[];
  active: string;
  withdrawn: string;
}> = {
  fr: {
    pageTitle: 'Fiche du candidat',
    back: 'Retour à la liste des candidats',
    loading: 'Chargement…',
    logged: 'Votre consultation de cette fiche est enregistrée au journal d’audit.',
    reference: 'Référence',
    born: 'Date de naissance',
    email: 'Adresse électronique',
    statuses: 'Statuts déclarés',
    proof: (given) => (given ? 'justificatif fourni' : 'justificatif non fourni'),
    none: 'aucun',
    group: (name, size) => `Responsable du groupe « ${name} » (${size} personnes)`,
    needs: 'Besoins comptés',
    already: 'Déjà candidat à un autre programme de l’État pour ces Jeux',
    consents: 'Consentements',
    columns: ['Objet', 'Donné par', 'Canal', 'Texte', 'SHA-256', 'Le', 'État'],
    active: 'en vigueur',
    withdrawn: 'retiré',
  },
  en: {
    pageTitle: 'Applicant record',
    back: 'Back to the list of applicants',
    loading: 'Loading…',
    logged: 'Your reading of this record is written to the audit log.',
    reference: 'Reference',
    born: 'Date of birth',
    email: 'E-mail address',
    statuses: 'Statuses declared',
    proof: (given) => (given ? 'proof provided' : 'proof not provided'),
    none: 'none',
    group: (name, size) => `Manager of the group "${name}" (${size} people)`,
    needs: 'Counted needs',
    already: 'Already an applicant of another State programme for these Games',
    consents: 'Consents',
    columns: ['Subject', 'Given by', 'Channel', 'Text', 'SHA-256', 'On', 'State'],
    active: 'in force',
    withdrawn: 'withdrawn',
  },
};

/** One applicant, as the operator may see them; the read is logged (SEC-6). */
export function ApplicantDetailPage() {
  const lang = useLang();
  const t = useMessages(messages);
  usePageTitle(t.pageTitle);
  const { applicantId = '' } = useParams();
  const operatorId = useOperatorId();
  const [detail, setDetail] = useState<ApplicantDetail | undefined>(undefined);
  const [problem, setProblem] = useState<ApiProblem | undefined>(undefined);

  useEffect(() => {
    if (!operatorId) return;
    api<ApplicantDetail>('GET', `/api/v1/operators/${operatorId}/applicants/${applicantId}`)
      .then(setDetail)
      .catch((error: unknown) => setProblem(asProblem(error)));
  }, [operatorId, applicantId]);

  return (
    <div className="fr-container fr-py-6w">
      <p>
        <Link
          className="fr-link fr-icon-arrow-left-line fr-link--icon-left"
          to={localizedPath(lang, 'operateur/candidats')}
        >
          {t.back}
        </Link>
      </p>
      <h1>{detail ? `${detail.firstNames} ${detail.birthSurname}` : t.pageTitle}</h1>
      <ProblemAlert problem={problem} />
      {detail === undefined ? (
        problem === undefined && <p aria-busy="true">{t.loading}</p>
      ) : (
        <>
          <p className="fr-text--sm">{t.logged}</p>
          {detail.alreadyBeneficiary && (
            <p>
              <Badge severity="warning">{t.already}</Badge>
            </p>
          )}
          <dl>
            <dt className="fr-text--bold">{t.reference}</dt>
            <dd>{detail.entryRef}</dd>
            <dt className="fr-text--bold">{t.born}</dt>
            <dd>{detail.birthDate.split('-').reverse().join('/')}</dd>
            <dt className="fr-text--bold">{t.email}</dt>
            <dd>{detail.email ?? '—'}</dd>
            <dt className="fr-text--bold">{t.statuses}</dt>
            <dd>
              {detail.statuses.length === 0
                ? t.none
                : detail.statuses
                    .map((status) => `${statusNames[lang][status.status]} (${t.proof(status.proofProvided)})`)
                    .join(', ')}
            </dd>
            {detail.group && (
              <>
                <dt className="fr-text--bold">{t.group(detail.group.name, detail.group.size)}</dt>
                <dd>
                  {`${t.needs} : ${
                    Object.entries(detail.group.mobilityNeeds)
                      .map(([need, count]) => `${need} ${count}`)
                      .join(', ') || t.none
                  }`}
                </dd>
              </>
            )}
          </dl>
          <h2>{t.consents}</h2>
          <Table
            caption={t.consents}
            noCaption
            headers={t.columns}
            data={detail.consents.map((consent) => [
              consent.kind,
              consent.party,
              consent.channel,
              consent.noticeVersion,
              consent.noticeSha256.slice(0, 16),
              formatParisDateTime(lang, consent.givenAt),
              consent.withdrawnAt ? t.withdrawn : t.active,
            ])}
          />
        </>
      )}
    </div>
  );
}
