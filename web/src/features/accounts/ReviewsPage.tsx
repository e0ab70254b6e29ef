import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Table } from '@codegouvfr/react-dsfr/Table';
import { useCallback, useEffect, useState } from 'react';
import { api, asProblem, type ApiProblem } from '../../app/api';
import type { ReviewItem } from '../../app/contracts';
import { useLang, useMessages, type Dictionary } from '../../app/i18n';
import { ProblemAlert, SuccessAlert } from '../../ui/ProblemAlert';
import { usePageTitle } from '../../ui/usePageTitle';
import { formatDate, roleNames, scopeNames } from './labels';
import { useReauthentication } from './Reauthentication';

const messages: Dictionary<{
  pageTitle: string;
  lead: string;
  columns: string[];
  reasons: Record<ReviewItem['reasons'][number], string>;
  never: string;
  comment: (name: string, role: string) => string;
  confirm: string;
  revoke: string;
  confirmed: (name: string, role: string) => string;
  revoked: (name: string, role: string) => string;
  empty: string;
  loading: string;
}> = {
  fr: {
    pageTitle: 'Revue des habilitations',
    lead: 'Habilitations qui arrivent à échéance dans les 30\u00a0prochains jours ou qui n’ont pas été revues depuis un an. Confirmez celles qui restent nécessaires, retirez les autres\u00a0: chaque décision est enregistrée (qui, quand, quelle décision).',
    columns: ['Personne', 'Habilitation', 'Échéance', 'Dernière revue', 'Motif', 'Décision'],
    reasons: { ending_soon: 'échéance proche', not_reviewed_for_a_year: 'non revue depuis un an' },
    never: 'jamais',
    comment: (name, role) => `Commentaire sur l’habilitation ${role} de ${name} (facultatif)`,
    confirm: 'Confirmer',
    revoke: 'Retirer',
    confirmed: (name, role) => `Habilitation ${role} de ${name} confirmée.`,
    revoked: (name, role) => `Habilitation ${role} de ${name} retirée.`,
    empty: 'Aucune habilitation à revoir pour le moment.',
    loading: 'Chargement…',
  },
  en: {
    pageTitle: 'Authorisation review',
    lead: 'Authorisations ending within 30 days or not reviewed for a year. Confirm those still needed, revoke the others: each decision is recorded (who, when, which decision).',
    columns: ['Person', 'Authorisation', 'Ends', 'Last review', 'Reason', 'Decision'],
    reasons: { ending_soon: 'ending soon', not_reviewed_for_a_year: 'not reviewed for a year' },
    never: 'never',
    comment: (name, role) => `Comment on the ${role} authorisation of ${name} (optional)`,
    confirm: 'Confirm',
    revoke: 'Revoke',
    confirmed: (name, role) => `${name}’s ${role} authorisation confirmed.`,
    revoked: (name, role) => `${name}’s ${role} authorisation revoked.`,
    empty: 'No authorisation to review for now.',
    loading: 'Loading…',
  },
};

export function ReviewsPage() {
  const lang = useLang();
  const t = useMessages(messages);
  usePageTitle(t.pageTitle);
  // A decision changes a grant: the server asks for the password and second factor again (5 minutes).
  const reauth = useReauthentication();
  const [items, setItems] = useState<ReviewItem[] | undefined>(undefined);
  const [comments, setComments] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<ApiProblem | undefined>(undefined);
  const [success, setSuccess] = useState<string | undefined>(undefined);

  const load = useCallback(() => {
    api<ReviewItem[]>('GET', '/api/v1/habilitation-reviews')
      .then(setItems)
      .catch((error: unknown) => setProblem(asProblem(error)));
  }, []);
  useEffect(load, [load]);

  const decide = async (item: ReviewItem, decision: 'confirmed' | 'revoked') => {
    setProblem(undefined);
    setSuccess(undefined);
    const comment = comments[item.grant.id]?.trim();
    try {
      await reauth.run(() =>
        api('POST', `/api/v1/habilitation-reviews/${item.grant.id}`, {
          decision,
          ...(comment !== undefined && comment !== '' && { comment }),
        }),
      );
      const role = roleNames[lang][item.grant.role];
      setComments((current) => ({ ...current, [item.grant.id]: '' }));
      setSuccess(
        decision === 'confirmed'
          ? t.confirmed(item.user.displayName, role)
          : t.revoked(item.user.displayName, role),
      );
      load();
    } catch (error) {
      setProblem(asProblem(error));
    }
  };

  return (
    <div className="fr-container fr-py-6w">
      <h1>{t.pageTitle}</h1>
      <p>{t.lead}</p>
      <SuccessAlert message={success} />
      <ProblemAlert problem={problem} />
      {items === undefined ? (
        <p aria-busy="true">{t.loading}</p>
      ) : items.length === 0 ? (
        <p>{t.empty}</p>
      ) : (
        <Table
          caption={t.pageTitle}
          noCaption
          headers={t.columns}
          data={items.map((item) => {
            const role = roleNames[lang][item.grant.role];
            return [
              <span key="who">
                <strong>{item.user.displayName}</strong>
                <br />
                {item.user.email}
                <br />
                {item.user.organisationName}
              </span>,
              `${role} (${scopeNames[lang][item.grant.scopeKind]})`,
              formatDate(lang, item.grant.endsAt),
              item.grant.lastReviewedAt === null ? t.never : formatDate(lang, item.grant.lastReviewedAt),
              <span key="reasons">
                {item.reasons.map((reason) => (
                  <Badge
                    as="span"
                    key={reason}
                    small
                    severity={reason === 'ending_soon' ? 'warning' : 'info'}
                    className="fr-mr-1w"
                  >
                    {t.reasons[reason]}
                  </Badge>
                ))}
              </span>,
              <div key="decision">
                <Input
                  label={t.comment(item.user.displayName, role)}
                  classes={{ label: 'fr-text--xs' }}
                  nativeInputProps={{
                    name: `comment-${item.grant.id}`,
                    maxLength: 1000,
                    value: comments[item.grant.id] ?? '',
                    onChange: (event) =>
                      setComments((current) => ({ ...current, [item.grant.id]: event.target.value })),
                  }}
                />
                <div className="fr-btns-group fr-btns-group--sm fr-btns-group--inline">
                  <Button
                    size="small"
                    onClick={() => void decide(item, 'confirmed')}
                    title={`${t.confirm} — ${item.user.displayName}, ${role}`}
                  >
                    {t.confirm}
                  </Button>
                  <Button
                    size="small"
                    priority="secondary"
                    onClick={() => void decide(item, 'revoked')}
                    title={`${t.revoke} — ${item.user.displayName}, ${role}`}
                  >
                    {t.revoke}
                  </Button>
                </div>
              </div>,
            ];
          })}
        />
      )}
      {reauth.modal}
    </div>
  );
}
