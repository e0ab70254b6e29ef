import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, asProblem, type ApiProblem } from '../../app/api';
import type { ApplicantDetail, EraseApplicantRequest } from '../../app/contracts';
import { localizedPath, useLang, useMessages, type Dictionary } from '../../app/i18n';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { ReasonChoice } from '../../ui/ReasonChoice';
import { ScrollableTable } from '../../ui/ScrollableTable';
import { useConfirmationFocus } from '../../ui/useConfirmationFocus';
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
  eraseTitle: string;
  eraseLead: string;
  erase: string;
  confirmTitle: string;
  reasonLegend: string;
  reasons: Record<EraseApplicantRequest['reason'], string>;
  consequencesLead: string;
  cancelled: string;
  erasedAtOnce: string;
  withCarer: (role: 'person' | 'carer', partnerRef: string) => string;
  withGroup: (name: string) => string;
  proofKept: string;
  erasureLogged: string;
  confirm: string;
  keep: string;
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
    eraseTitle: 'Effacer ce candidat',
    eraseLead:
      'Quand la personne demande l’effacement de ses données (par exemple un parent par courrier), ou quand elle a été inscrite par erreur.',
    erase: 'Effacer ce candidat',
    confirmTitle: 'Confirmer l’effacement',
    reasonLegend: 'Motif de l’effacement',
    reasons: {
      person_request: 'À la demande de la personne (droit à l’effacement)',
      recorded_in_error: 'Inscrit par erreur',
    },
    consequencesLead: 'L’effacement est définitif :',
    cancelled: 'la candidature est annulée : aucun billet ne pourra plus être attribué à ce titre ;',
    erasedAtOnce:
      'les données de la personne sont effacées aussitôt, ainsi que les courriels qui la concernent ;',
    withCarer: (role, partnerRef) =>
      role === 'person'
        ? `la candidature de son aidant (référence ${partnerRef}) est effacée avec la sienne : la paire candidate ensemble ;`
        : `la candidature de la personne qu’il accompagne (référence ${partnerRef}) est effacée avec la sienne : la paire candidate ensemble ;`,
    withGroup: (name) => `le groupe « ${name} » et ses participants sont effacés aussi ;`,
    proofKept:
      'une preuve anonyme de chaque consentement est conservée (texte, date et canal, sans rien qui identifie la personne) ;',
    erasureLogged: 'l’action est enregistrée au journal d’audit, avec votre nom et le motif.',
    confirm: 'Effacer définitivement',
    keep: 'Annuler',
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
    eraseTitle: 'Erase this applicant',
    eraseLead:
      'When the person asks for their data to be erased (a parent by letter, for instance), or when they were registered in error.',
    erase: 'Erase this applicant',
    confirmTitle: 'Confirm the erasure',
    reasonLegend: 'Reason for the erasure',
    reasons: {
      person_request: 'At the person’s request (right to erasure)',
      recorded_in_error: 'Registered in error',
    },
    consequencesLead: 'The erasure is final:',
    cancelled: 'the application is cancelled: no ticket can be allocated from it any more;',
    erasedAtOnce: 'the person’s data is erased at once, and so are the e-mails about them;',
    withCarer: (role, partnerRef) =>
      role === 'person'
        ? `their carer’s application (reference ${partnerRef}) is erased with theirs: the pair applies together;`
        : `the application of the person they accompany (reference ${partnerRef}) is erased with theirs: the pair applies together;`,
    withGroup: (name) => `the group "${name}" and its participants are erased too;`,
    proofKept:
      'an anonymous proof of each consent is kept (text, date and channel, nothing that identifies the person);',
    erasureLogged: 'the action is written to the audit log, with your name and the reason.',
    confirm: 'Erase for good',
    keep: 'Cancel',
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
          <ScrollableTable
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
          <Erasure operatorId={operatorId!} detail={detail} />
        </>
      )}
    </div>
  );
}

/** The operator erases the applicant (GDPR art. 17, or a line recorded in error), after a confirmation step. */
function Erasure({ operatorId, detail }: { operatorId: string; detail: ApplicantDetail }) {
  const lang = useLang();
  const t = useMessages(messages);
  const navigate = useNavigate();
  const [confirming, setConfirming] = useState(false);
  const [reason, setReason] = useState<EraseApplicantRequest['reason'] | undefined>(undefined);
  const [problem, setProblem] = useState<ApiProblem | undefined>(undefined);
  const [sending, setSending] = useState(false);
  const { confirmRef, openRef } = useConfirmationFocus(confirming);

  const erase = async (submitted: FormEvent) => {
    submitted.preventDefault();
    if (reason === undefined) return;
    setProblem(undefined);
    setSending(true);
    const request: EraseApplicantRequest = { reason };
    try {
      await api('POST', `/api/v1/operators/${operatorId}/applicants/${detail.id}/erasure`, request);
      await navigate(localizedPath(lang, 'operateur/candidats'), { state: { erasedRef: detail.entryRef } });
    } catch (error) {
      setProblem(asProblem(error));
      setSending(false);
    }
  };

  return (
    <section className="fr-mt-6w" aria-labelledby="effacer-candidat">
      <h2 id="effacer-candidat">{t.eraseTitle}</h2>
      <p>{t.eraseLead}</p>
      {!confirming ? (
        <Button
          ref={openRef}
          priority="secondary"
          iconId="fr-icon-delete-line"
          onClick={() => setConfirming(true)}
        >
          {t.erase}
        </Button>
      ) : (
        <form onSubmit={(submitted) => void erase(submitted)} className="fr-p-3w gradins-danger-zone">
          <h3 ref={confirmRef} tabIndex={-1}>
            {t.confirmTitle}
          </h3>
          <ProblemAlert problem={problem} />
          <p className="fr-mb-1w">{t.consequencesLead}</p>
          <ul>
            <li>{t.cancelled}</li>
            <li>{t.erasedAtOnce}</li>
            {detail.carerPair && (
              <li>{t.withCarer(detail.carerPair.role, detail.carerPair.partnerEntryRef)}</li>
            )}
            {detail.group && <li>{t.withGroup(detail.group.name)}</li>}
            <li>{t.proofKept}</li>
            <li>{t.erasureLogged}</li>
          </ul>
          <ReasonChoice
            legend={t.reasonLegend}
            name="erasure-reason"
            options={(['person_request', 'recorded_in_error'] as const).map((value) => ({
              value,
              label: t.reasons[value],
            }))}
            chosen={reason}
            onChoose={setReason}
            confirmLabel={t.confirm}
            cancelLabel={t.keep}
            sending={sending}
            onCancel={() => {
              setProblem(undefined);
              setReason(undefined);
              setConfirming(false);
            }}
          />
        </form>
      )}
    </section>
  );
}
