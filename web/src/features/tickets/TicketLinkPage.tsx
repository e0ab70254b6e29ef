import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { useCallback, useEffect, useState } from 'react';
import { useParams } from 'react-router';
import type { z } from 'zod';
import type * as delivery from '../../../../contracts/ticket-delivery';
import { api, asProblem, type ApiProblem } from '../../app/api';
import { useMessages, type Dictionary } from '../../app/i18n';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { usePageTitle } from '../../ui/usePageTitle';

type Page = z.output<typeof delivery.TicketLinkPage>;
type Ticket = Page['tickets'][number];

const STATUS: Dictionary<Record<Ticket['status'], string>> = {
  fr: {
    screening: 'En cours de traitement',
    issued: 'Valable',
    delivered: 'Valable',
    withdrawn: 'Désisté',
    revoked: 'Révoqué',
    reassigned: 'Réattribué',
    scanned: 'Déjà utilisé à l’entrée',
    returned_to_pool: 'Rendu',
    refused: 'Non attribué',
  },
  en: {
    screening: 'Being processed',
    issued: 'Valid',
    delivered: 'Valid',
    withdrawn: 'Withdrawn',
    revoked: 'Revoked',
    reassigned: 'Reassigned',
    scanned: 'Already used at the gate',
    returned_to_pool: 'Returned',
    refused: 'Not attributed',
  },
};

const messages: Dictionary<{
  pageTitle: string;
  nominative: string;
  holder: string;
  participantToName: string;
  check: string;
  venue: string;
  when: string;
  parisTime: string;
  qrAlt: (event: string) => string;
  noQr: string;
  pdf: string;
  expires: (at: string) => string;
  withdraw: string;
  deadline: (at: string) => string;
  confirmTitle: string;
  confirmText: string;
  confirm: string;
  cancel: string;
  withdrawn: (seat: 'reserve' | 'pool') => string;
  loading: string;
}> = {
  fr: {
    pageTitle: 'Mes billets',
    nominative:
      'Billet nominatif : il ne peut être ni revendu ni cédé. Présentez-le avec une pièce d’identité.',
    holder: 'Titulaire',
    participantToName: 'participant à nommer depuis votre candidature',
    check: 'Contrôle à l’entrée (initiales, année de naissance)',
    venue: 'Lieu',
    when: 'Date et heure',
    parisTime: '(heure de Paris)',
    qrAlt: (event) => `Code QR du billet pour ${event}, à présenter à l’entrée`,
    noQr: 'Ce billet n’a pas de code QR : il ne permet pas d’entrer.',
    pdf: 'Télécharger le billet (PDF)',
    expires: (at) => `Ce lien personnel est valable jusqu’au ${at} (heure de Paris). Ne le transmettez pas.`,
    withdraw: 'Me désister de ce billet',
    deadline: (at) => `Désistement possible jusqu’au ${at} (heure de Paris).`,
    confirmTitle: 'Confirmer le désistement',
    confirmText:
      'Le billet sera annulé tout de suite et sa place donnée à la personne suivante sur la liste d’attente. Ce choix est définitif.',
    confirm: 'Confirmer le désistement',
    cancel: 'Annuler',
    withdrawn: (seat) =>
      seat === 'reserve'
        ? 'Votre désistement est enregistré : la place a été donnée à la personne suivante sur la liste d’attente.'
        : 'Votre désistement est enregistré : la place est rendue au pot commun.',
    loading: 'Chargement des billets…',
  },
  en: {
    pageTitle: 'My tickets',
    nominative: 'Nominative ticket: it may not be resold or passed on. Show it with an ID.',
    holder: 'Holder',
    participantToName: 'participant to be named from your application',
    check: 'Gate check (initials, birth year)',
    venue: 'Venue',
    when: 'Date and time',
    parisTime: '(Paris time)',
    qrAlt: (event) => `QR code of the ticket for ${event}, to show at the gate`,
    noQr: 'This ticket has no QR code: it does not admit anyone.',
    pdf: 'Download the ticket (PDF)',
    expires: (at) => `This personal link works until ${at} (Paris time). Do not pass it on.`,
    withdraw: 'Withdraw from this ticket',
    deadline: (at) => `Withdrawal possible until ${at} (Paris time).`,
    confirmTitle: 'Confirm the withdrawal',
    confirmText:
      'The ticket is cancelled at once and its seat given to the next person on the reserve list. This cannot be undone.',
    confirm: 'Confirm the withdrawal',
    cancel: 'Cancel',
    withdrawn: (seat) =>
      seat === 'reserve'
        ? 'Your withdrawal is recorded: the seat went to the next person on the reserve list.'
        : 'Your withdrawal is recorded: the seat goes back to the pool.',
    loading: 'Loading the tickets…',
  },
};

const shown = (paris: string) => {
  const [date = '', time = ''] = paris.split('T');
  const [year, month, day] = date.split('-');
  return `${day}/${month}/${year} ${time.replace(':', ' h ')}`;
};

/** The page a ticket link opens (TAJ-3, TAJ-14): the tickets with their QR code, the PDF, the withdrawal. */
export function TicketLinkPage() {
  const t = useMessages(messages);
  const status = useMessages(STATUS);
  usePageTitle(t.pageTitle);
  const { token = '' } = useParams();
  const [page, setPage] = useState<Page | undefined>(undefined);
  const [problem, setProblem] = useState<ApiProblem | undefined>(undefined);
  const [confirming, setConfirming] = useState<string | undefined>(undefined);
  const [done, setDone] = useState<'reserve' | 'pool' | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      setPage(await api<Page>('GET', `/api/v1/ticket-links/${encodeURIComponent(token)}`));
    } catch (error) {
      setPage(undefined);
      setProblem(asProblem(error));
    }
  }, [token]);
  useEffect(() => {
    void load();
  }, [load]);

  const withdraw = async (ticketId: string) => {
    setBusy(true);
    setProblem(undefined);
    try {
      const result = await api<{ seat: 'reserve' | 'pool' }>(
        'POST',
        `/api/v1/ticket-links/${encodeURIComponent(token)}/tickets/${encodeURIComponent(ticketId)}/withdrawal`,
      );
      setDone(result.seat);
      setConfirming(undefined);
      await load();
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="fr-container fr-py-6w">
      <h1>{page ? page.programme.name : t.pageTitle}</h1>
      {done && (
        <div role="status" className="fr-mb-3w">
          <Alert severity="success" small description={t.withdrawn(done)} />
        </div>
      )}
      <ProblemAlert problem={problem} />
      {!page && !problem && <p>{t.loading}</p>}
      {page && (
        <>
          {page.programme.logo && (
            <img src={page.programme.logo.png} alt={page.programme.logo.alt} style={{ maxHeight: '4rem' }} />
          )}
          <p>{t.nominative}</p>
          <p className="fr-text--sm">{t.expires(shown(page.expiresAtParis))}</p>
          <p>
            <a
              className="fr-link fr-icon-download-line fr-link--icon-left"
              href={`/api/v1/ticket-links/${encodeURIComponent(token)}/tickets.pdf`}
              download
            >
              {t.pdf}
            </a>
          </p>
          {page.tickets.map((ticket) => (
            <section key={ticket.id} className="fr-card fr-p-3w fr-mb-3w" data-ticket={ticket.id}>
              <h2 className="fr-h4">
                {ticket.sport} — {ticket.event}{' '}
                <Badge severity={ticket.qrPng ? 'success' : 'warning'} small>
                  {status[ticket.status]}
                </Badge>
              </h2>
              <dl>
                <dt>{t.holder}</dt>
                <dd>{ticket.holderName ?? `${ticket.groupName ?? ''} — ${t.participantToName}`}</dd>
                {ticket.holderCheck && (
                  <>
                    <dt>{t.check}</dt>
                    <dd>{ticket.holderCheck}</dd>
                  </>
                )}
                <dt>{t.venue}</dt>
                <dd>{ticket.venue}</dd>
                <dt>{t.when}</dt>
                <dd>
                  {shown(ticket.startsAtParis)} {t.parisTime}
                </dd>
              </dl>
              {ticket.qrPng ? (
                <img
                  src={ticket.qrPng}
                  alt={t.qrAlt(`${ticket.sport}, ${ticket.venue}`)}
                  width={300}
                  height={300}
                />
              ) : (
                <p>{t.noQr}</p>
              )}
              {ticket.canWithdraw && (
                <div className="fr-mt-2w">
                  <p className="fr-text--sm">{t.deadline(shown(ticket.withdrawalDeadlineParis))}</p>
                  {confirming === ticket.id ? (
                    <div
                      role="alertdialog"
                      aria-labelledby={`confirm-${ticket.id}`}
                      aria-describedby={`confirm-text-${ticket.id}`}
                    >
                      <h3 id={`confirm-${ticket.id}`} className="fr-h6">
                        {t.confirmTitle}
                      </h3>
                      <p id={`confirm-text-${ticket.id}`}>{t.confirmText}</p>
                      <Button disabled={busy} onClick={() => void withdraw(ticket.id)} className="fr-mr-2w">
                        {t.confirm}
                      </Button>
                      <Button priority="secondary" onClick={() => setConfirming(undefined)}>
                        {t.cancel}
                      </Button>
                    </div>
                  ) : (
                    <Button priority="secondary" onClick={() => setConfirming(ticket.id)}>
                      {t.withdraw}
                    </Button>
                  )}
                </div>
              )}
            </section>
          ))}
        </>
      )}
    </div>
  );
}
