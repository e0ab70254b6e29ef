import { Button } from '@codegouvfr/react-dsfr/Button';
import { useEffect, useRef, useState } from 'react';
import { apiBlob, asProblem, type ApiProblem } from '../../app/api';
import { useMessages } from '../../app/i18n';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { registryApi } from './BansShell';
import { banMessages } from './messages';

function readAsDataUrl(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('unreadable image'));
    reader.readAsDataURL(blob);
  });
}

/**
 * A ban's photograph, never loaded with the page: fetched (and audited) only when the officer presses « Afficher
 * la photographie », shown as a data: URL (the CSP allows no blob:), hidden again on demand. `version` changes
 * when the photograph is replaced or removed, which hides the one shown.
 */
export function PhotoOnDemand({
  organiserId,
  banId,
  name,
  version = 0,
}: {
  organiserId: string;
  banId: string;
  name: string;
  version?: number;
}) {
  const t = useMessages(banMessages).detail;
  const [shown, setShown] = useState<string | undefined>(undefined);
  const [problem, setProblem] = useState<ApiProblem | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const image = useRef<HTMLImageElement>(null);
  const showButton = useRef<HTMLButtonElement>(null);
  // Hidden by the officer (not by a new version): the focus goes back to « Afficher », not to the page's top.
  const hiddenByOfficer = useRef(false);
  useEffect(() => setShown(undefined), [version]);
  useEffect(() => {
    if (shown !== undefined) image.current?.focus();
    else if (hiddenByOfficer.current) showButton.current?.focus();
    hiddenByOfficer.current = false;
  }, [shown]);

  const show = async () => {
    setProblem(undefined);
    setBusy(true);
    try {
      setShown(await readAsDataUrl(await apiBlob(`${registryApi(organiserId)}/bans/${banId}/photo`)));
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="fr-mb-2w">
      <ProblemAlert problem={problem} />
      {shown === undefined ? (
        <Button
          ref={showButton}
          priority="secondary"
          iconId="fr-icon-eye-line"
          disabled={busy}
          onClick={() => void show()}
        >
          {t.showPhoto}
        </Button>
      ) : (
        <>
          <p>
            <img ref={image} tabIndex={-1} src={shown} alt={t.photoAlt(name)} className="gradins-ban-photo" />
          </p>
          <Button
            priority="secondary"
            iconId="fr-icon-eye-off-line"
            onClick={() => {
              hiddenByOfficer.current = true;
              setShown(undefined);
            }}
          >
            {t.hidePhoto}
          </Button>
        </>
      )}
    </div>
  );
}
