import { useState, type MouseEvent, type ReactNode } from 'react';
import { apiBlob, asProblem, type ApiProblem } from '../../app/api';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { saveFile } from '../../ui/saveFile';

/** Today in Paris, `YYYY-MM-DD`: the day in a downloaded file's name. */
export const parisToday = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' });

/**
 * A file of the registry to download (a letter, an export). It is fetched first, so a refusal (a 409 when the
 * letter's settings are not set, a 404 for a ban erased meanwhile) is shown rather than saved as a file; the
 * file is saved under `fileName`, which must name no person (it stays in the downloads folder).
 */
export function DownloadLink({
  href,
  fileName,
  children,
}: {
  href: string;
  fileName: string;
  children: ReactNode;
}) {
  const [problem, setProblem] = useState<ApiProblem | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const download = async (clicked: MouseEvent<HTMLAnchorElement>) => {
    clicked.preventDefault();
    if (busy) return;
    setProblem(undefined);
    setBusy(true);
    try {
      saveFile(await apiBlob(href), fileName);
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <ProblemAlert problem={problem} />
      <p>
        <a
          className="fr-link fr-icon-download-line fr-link--icon-left"
          href={href}
          download={fileName}
          onClick={(clicked) => void download(clicked)}
          {...(busy && { 'aria-busy': true })}
        >
          {children}
        </a>
      </p>
    </>
  );
}
