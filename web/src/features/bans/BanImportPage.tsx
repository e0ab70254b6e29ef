import { Button } from '@codegouvfr/react-dsfr/Button';
import { Upload } from '@codegouvfr/react-dsfr/Upload';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { apiUpload, asProblem, type ApiProblem } from '../../app/api';
import { useMessages } from '../../app/i18n';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { ScrollableTable } from '../../ui/ScrollableTable';
import { BansShell, registryApi } from './BansShell';
import type { BanImportReport } from './contracts';
import { banMessages } from './messages';

/** Importing a prefecture's list (CSV): good lines are stored, each rejected one is reported with its reason. */
export function BanImportPage() {
  const t = useMessages(banMessages).imports;
  return (
    <BansShell
      title={t.title}
      lead={
        <>
          <p>{t.lead}</p>
          <p>{t.noReasons}</p>
        </>
      }
    >
      {(organiserId) => <ImportForm organiserId={organiserId} />}
    </BansShell>
  );
}

function ImportForm({ organiserId }: { organiserId: string }) {
  const t = useMessages(banMessages).imports;
  const [report, setReport] = useState<BanImportReport | undefined>(undefined);
  const [problem, setProblem] = useState<ApiProblem | undefined>(undefined);
  const [importing, setImporting] = useState(false);
  const [fileError, setFileError] = useState(false);
  const file = useRef<HTMLInputElement>(null);
  const reportRef = useRef<HTMLHeadingElement>(null);
  // The focus goes to the report once it is there, so a screen reader reads it first.
  useEffect(() => {
    if (report !== undefined) reportRef.current?.focus();
  }, [report]);

  const submit = async (submitted: FormEvent) => {
    submitted.preventDefault();
    setProblem(undefined);
    setReport(undefined);
    const chosen = file.current?.files?.[0];
    setFileError(chosen === undefined);
    if (chosen === undefined) {
      // The field's own message says why; the focus goes to it so it is heard and can be answered at once.
      file.current?.focus();
      return;
    }
    setImporting(true);
    try {
      setReport(
        await apiUpload<BanImportReport>(`${registryApi(organiserId)}/ban-imports`, chosen, 'text/csv'),
      );
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setImporting(false);
    }
  };

  return (
    <>
      <form onSubmit={(submitted) => void submit(submitted)} noValidate className="fr-mb-4w">
        <ProblemAlert problem={problem} />
        <Upload
          label={t.file}
          hint={t.fileHint}
          {...(fileError && { state: 'error' as const, stateRelatedMessage: t.chooseFile })}
          nativeInputProps={{ ref: file, accept: '.csv,text/csv', required: true, name: 'fichier' }}
        />
        <Button type="submit" className="fr-mt-2w" disabled={importing}>
          {importing ? t.importing : t.submit}
        </Button>
      </form>
      {report !== undefined && (
        <section aria-labelledby="rapport-import">
          <h2 id="rapport-import" ref={reportRef} tabIndex={-1}>
            {t.reportTitle}
          </h2>
          <p>
            <strong>{t.summary(report.rowsRead, report.rowsCreated, report.rowsRejected)}</strong>
          </p>
          <p>{t.kept}</p>
          {report.rejected.length === 0 ? (
            <p>{t.noneRejected}</p>
          ) : (
            <ScrollableTable
              caption={t.rejectedCaption}
              headers={t.rejectedColumns}
              data={report.rejected.map((row) => [String(row.line), row.reason])}
            />
          )}
        </section>
      )}
    </>
  );
}
