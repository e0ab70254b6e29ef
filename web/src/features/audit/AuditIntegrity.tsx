import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { useState } from 'react';
import { api, asProblem, type ApiProblem } from '../../app/api';
import { useLang, useMessages } from '../../app/i18n';
import { ProblemAlert } from '../../ui/ProblemAlert';
import type { SignedHead, VerificationReport } from './contracts';
import { auditMessages } from './messages';
import { formatLongInstant, shorten } from './time';

/** Verifies the whole log (GET /api/v1/audit/verification) and signs a head on demand (POST …/heads). */
export function AuditIntegrity(props: { run<T>(action: () => Promise<T>): Promise<T> }) {
  const lang = useLang();
  const t = useMessages(auditMessages);
  const [report, setReport] = useState<VerificationReport | undefined>(undefined);
  const [head, setHead] = useState<SignedHead | undefined>(undefined);
  const [problem, setProblem] = useState<ApiProblem | undefined>(undefined);
  const [busy, setBusy] = useState<'verify' | 'sign' | undefined>(undefined);

  const verify = async () => {
    setBusy('verify');
    setProblem(undefined);
    setReport(undefined);
    try {
      setReport(await api<VerificationReport>('GET', '/api/v1/audit/verification'));
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setBusy(undefined);
    }
  };

  const sign = async () => {
    setBusy('sign');
    setProblem(undefined);
    setHead(undefined);
    try {
      setHead(await props.run(() => api<SignedHead>('POST', '/api/v1/audit/heads')));
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <section aria-labelledby="integrite-journal" className="fr-mt-6w">
      <h2 id="integrite-journal">{t.integrityTitle}</h2>
      <p>{t.integrityLead}</p>
      <ul className="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left">
        <li>
          <Button
            iconId="fr-icon-shield-line"
            iconPosition="left"
            disabled={busy !== undefined}
            onClick={() => void verify()}
          >
            {busy === 'verify' ? t.verifying : t.verify}
          </Button>
        </li>
        <li>
          <Button
            priority="secondary"
            iconId="fr-icon-edit-line"
            iconPosition="left"
            disabled={busy !== undefined}
            onClick={() => void sign()}
          >
            {busy === 'sign' ? t.signing : t.signHead}
          </Button>
        </li>
      </ul>
      <ProblemAlert problem={problem} />
      <>
        {report?.conforme === true && (
          <Alert
            severity="success"
            small
            className="fr-mb-3w"
            description={t.conforme(report.entries, report.heads)}
          />
        )}
        {head !== undefined && (
          <Alert
            severity="info"
            className="fr-mb-3w"
            title={t.headSignedTitle}
            as="h3"
            description={
              <>
                {t.headSigned({
                  shard: head.shard,
                  size: head.treeSize,
                  root: shorten(head.rootHash),
                  at: formatLongInstant(lang, head.issuedAt),
                  kind: t.headKinds[head.kind],
                })}{' '}
                <span className="fr-text--xs">
                  {lang === 'fr' ? 'Clé' : 'Key'} <code>{head.keyId}</code>
                </span>
              </>
            }
          />
        )}
      </>
      {report?.conforme === false && (
        <Alert
          severity="error"
          className="fr-mb-3w"
          title={t.nonConformeTitle}
          as="h3"
          description={
            <>
              {t.nonConformeLead(report.entries, report.heads)}
              <ul>
                {report.findings.map((finding, index) => (
                  <li key={index}>
                    <strong>{t.finding(finding)}</strong>
                    {lang === 'fr' ? '\u00a0: ' : ': '}
                    {finding.message}
                  </li>
                ))}
              </ul>
            </>
          }
        />
      )}
    </section>
  );
}
