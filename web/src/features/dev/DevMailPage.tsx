import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Table } from '@codegouvfr/react-dsfr/Table';
import { Fragment, useCallback, useEffect, useState, type ReactNode } from 'react';
import { api, asProblem, type ApiProblem } from '../../app/api';
import { useLang, useMessages, type Dictionary } from '../../app/i18n';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { usePageTitle } from '../../ui/usePageTitle';
import { formatDateTime } from '../accounts/labels';

/**
 * One mail of the development mailbox. The exact shape of GET /api/v1/dev/mail is being settled: the page
 * accepts the usual names (to/recipient, text/textBody, createdAt/date).
 */
export interface DevMail {
  id: string;
  to: string;
  subject: string;
  text: string;
  createdAt: string;
}

export function normaliseDevMails(body: unknown): DevMail[] {
  const list = Array.isArray(body)
    ? body
    : typeof body === 'object' && body !== null
      ? (Object.values(body).find(Array.isArray) ?? [])
      : [];
  return (list as Record<string, unknown>[]).map((mail, index) => {
    const pick = (...names: string[]) => {
      for (const name of names) {
        const value = mail[name];
        if (typeof value === 'string') return value;
        if (Array.isArray(value)) return value.join(', ');
      }
      return '';
    };
    return {
      id: pick('id', 'file', 'filename') || String(index),
      to: pick('to', 'recipient', 'recipients'),
      subject: pick('subject'),
      text: pick('text', 'textBody', 'body'),
      createdAt: pick('receivedAt', 'createdAt', 'date'),
    };
  });
}

const messages: Dictionary<{
  pageTitle: string;
  lead: string;
  columns: string[];
  open: string;
  refresh: string;
  empty: string;
  message: string;
  from: string;
  close: string;
}> = {
  fr: {
    pageTitle: 'Boîte aux lettres de développement',
    lead: 'Sans serveur SMTP configuré, hors production, les courriels sont écrits dans data/mail/ au lieu d’être envoyés. Les voici, du plus récent au plus ancien. Cette page ne s’ouvre que depuis la machine où tourne Gradins (127.0.0.1 ou ::1) : les courriels contiennent des liens d’invitation.',
    columns: ['Date', 'Destinataire', 'Objet', ''],
    open: 'Lire',
    refresh: 'Actualiser',
    empty: 'Aucun courriel pour le moment.',
    message: 'Courriel',
    from: 'À',
    close: 'Fermer le courriel',
  },
  en: {
    pageTitle: 'Development mailbox',
    lead: 'Without an SMTP server, outside production, mails are written to data/mail/ instead of being sent. Here they are, newest first. This page only opens from the machine Gradins runs on (127.0.0.1 or ::1): the mails hold invitation links.',
    columns: ['Date', 'Recipient', 'Subject', ''],
    open: 'Read',
    refresh: 'Refresh',
    empty: 'No mail yet.',
    message: 'Mail',
    from: 'To',
    close: 'Close the mail',
  },
};

/** Plain text with its web addresses turned into links. */
function withLinks(text: string): ReactNode[] {
  return text.split(/(https?:\/\/[^\s<>"]+)/g).map((part, index) =>
    /^https?:\/\//.test(part) ? (
      <a key={index} href={part} className="fr-link">
        {part}
      </a>
    ) : (
      <Fragment key={index}>{part}</Fragment>
    ),
  );
}

export function DevMailPage() {
  const lang = useLang();
  const t = useMessages(messages);
  usePageTitle(t.pageTitle);
  const [mails, setMails] = useState<DevMail[] | undefined>(undefined);
  const [openId, setOpenId] = useState<string | undefined>(undefined);
  const [problem, setProblem] = useState<ApiProblem | undefined>(undefined);

  const load = useCallback(() => {
    api<unknown>('GET', '/api/v1/dev/mail')
      .then((body) =>
        setMails(normaliseDevMails(body).sort((a, b) => b.createdAt.localeCompare(a.createdAt))),
      )
      .catch((error: unknown) => setProblem(asProblem(error)));
  }, []);
  useEffect(load, [load]);

  const opened = mails?.find((mail) => mail.id === openId);
  return (
    <div className="fr-container fr-py-6w">
      <h1>{t.pageTitle}</h1>
      <p>{t.lead}</p>
      <ProblemAlert problem={problem} />
      <Button
        type="button"
        priority="secondary"
        iconId="fr-icon-refresh-line"
        onClick={load}
        className="fr-mb-3w"
      >
        {t.refresh}
      </Button>
      {opened !== undefined && (
        <section
          aria-labelledby="courriel-ouvert"
          className="fr-mb-4w fr-p-3w"
          style={{ border: '1px solid var(--border-default-grey)' }}
        >
          <h2 id="courriel-ouvert" className="fr-h4">
            {opened.subject}
          </h2>
          <p className="fr-text--sm">
            {t.from}&nbsp;: {opened.to} — {formatDateTime(lang, opened.createdAt)}
          </p>
          <pre className="fr-text--md" style={{ whiteSpace: 'pre-wrap', fontFamily: 'inherit' }}>
            {withLinks(opened.text)}
          </pre>
          <Button type="button" priority="tertiary" size="small" onClick={() => setOpenId(undefined)}>
            {t.close}
          </Button>
        </section>
      )}
      {mails === undefined ? null : mails.length === 0 ? (
        <Alert severity="info" small description={t.empty} />
      ) : (
        <Table
          caption={t.pageTitle}
          noCaption
          headers={t.columns}
          data={mails.map((mail) => [
            formatDateTime(lang, mail.createdAt),
            mail.to,
            mail.subject,
            <Button
              key="open"
              type="button"
              size="small"
              priority="secondary"
              onClick={() => setOpenId(mail.id)}
            >
              {t.open}
              <span className="fr-sr-only">&nbsp;— {mail.subject}</span>
            </Button>,
          ])}
        />
      )}
    </div>
  );
}
