import { Button } from '@codegouvfr/react-dsfr/Button';
import { useEffect, useRef, useState } from 'react';
import { useParams } from 'react-router';
import { api, asProblem, type ApiProblem } from '../../app/api';
import type { ApplicationConfirmed } from '../../app/contracts';
import { useMessages, type Dictionary } from '../../app/i18n';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { usePageTitle } from '../../ui/usePageTitle';
import { applicantMessages } from './messages';

const messages: Dictionary<{
  pageTitle: string;
  lead: string;
  confirm: string;
  confirmedTitle: string;
  confirmed: string;
}> = {
  fr: {
    pageTitle: 'Confirmer ma candidature',
    lead: 'Vous avez envoyé une candidature avec cette adresse électronique. Confirmez-la pour qu’elle compte : sans confirmation, elle est effacée au bout de 48 heures.',
    confirm: 'Confirmer ma candidature',
    confirmedTitle: 'Candidature confirmée',
    confirmed: 'Votre candidature est confirmée et enregistrée.',
  },
  en: {
    pageTitle: 'Confirm my application',
    lead: 'You sent an application with this e-mail address. Confirm it so that it counts: without confirmation it is erased after 48 hours.',
    confirm: 'Confirm my application',
    confirmedTitle: 'Application confirmed',
    confirmed: 'Your application is confirmed and recorded.',
  },
};

/**
 * The page the confirmation link opens (TAJ-4): the person confirms with a button, never by merely opening the
 * link, so that a mail scanner following links confirms nothing.
 */
export function ConfirmApplicationPage() {
  const t = useMessages(messages);
  const a = useMessages(applicantMessages);
  usePageTitle(t.pageTitle);
  const { token = '' } = useParams();
  const [confirmed, setConfirmed] = useState<ApplicationConfirmed | undefined>(undefined);
  const [problem, setProblem] = useState<ApiProblem | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const resultRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (confirmed) resultRef.current?.focus();
  }, [confirmed]);

  const confirm = async () => {
    setProblem(undefined);
    setBusy(true);
    try {
      setConfirmed(await api<ApplicationConfirmed>('POST', `/api/v1/application-confirmations/${token}`));
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setBusy(false);
    }
  };

  if (confirmed) {
    return (
      <div className="fr-container fr-py-6w">
        <h1>{t.confirmedTitle}</h1>
        <div ref={resultRef} tabIndex={-1} role="status">
          <p className="fr-text--lead">{t.confirmed}</p>
          <p>
            {a.entryRefLabel} <strong data-entry-ref>{confirmed.entryRef}</strong>
          </p>
          <p>{a.entryRefExplained}</p>
          <p>{a.followUpMail}</p>
        </div>
      </div>
    );
  }
  return (
    <div className="fr-container fr-py-6w">
      <h1>{t.pageTitle}</h1>
      <ProblemAlert problem={problem} />
      <p>{t.lead}</p>
      <Button disabled={busy} onClick={() => void confirm()}>
        {t.confirm}
      </Button>
    </div>
  );
}
