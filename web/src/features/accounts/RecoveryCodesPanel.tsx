import { Button } from '@codegouvfr/react-dsfr/Button';
import { ButtonsGroup } from '@codegouvfr/react-dsfr/ButtonsGroup';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import { Notice } from '@codegouvfr/react-dsfr/Notice';
import { useState } from 'react';
import { useMessages, type Dictionary } from '../../app/i18n';
import { saveFile } from '../../ui/saveFile';

const messages: Dictionary<{
  intro: string;
  listLabel: string;
  copy: string;
  copied: string;
  download: string;
  fileIntro: string;
  kept: string;
  continue: string;
}> = {
  fr: {
    intro:
      'Chaque code de secours permet une seule connexion si vous n’avez plus accès à votre application d’authentification. Ils ne seront plus jamais affichés\u00a0: conservez-les en lieu sûr, hors de votre téléphone.',
    listLabel: 'Vos codes de secours',
    copy: 'Copier les codes',
    copied: 'Codes copiés dans le presse-papiers.',
    download: 'Télécharger les codes',
    fileIntro: 'Gradins — codes de secours (chaque code ne sert qu’une fois)',
    kept: 'J’ai conservé mes codes de secours',
    continue: 'Continuer',
  },
  en: {
    intro:
      'Each recovery code lets you sign in once if you lose access to your authenticator app. They will never be shown again: keep them somewhere safe, away from your phone.',
    listLabel: 'Your recovery codes',
    copy: 'Copy the codes',
    copied: 'Codes copied to the clipboard.',
    download: 'Download the codes',
    fileIntro: 'Gradins — recovery codes (each code works once)',
    kept: 'I have kept my recovery codes',
    continue: 'Continue',
  },
};

/** The recovery codes, shown once, with copy and download, and a checkbox before going on. */
export function RecoveryCodesPanel({ codes, onDone }: { codes: readonly string[]; onDone(): void }) {
  const t = useMessages(messages);
  const [kept, setKept] = useState(false);
  const [copied, setCopied] = useState(false);

  const copy = () => {
    navigator.clipboard
      ?.writeText(codes.join('\n'))
      .then(() => setCopied(true))
      .catch(() => setCopied(false));
  };
  const download = () => {
    const blob = new Blob([`${t.fileIntro}\n\n${codes.join('\n')}\n`], { type: 'text/plain;charset=utf-8' });
    saveFile(blob, 'gradins-codes-de-secours.txt');
  };

  return (
    <div>
      <Notice title={t.intro} className="fr-mb-3w" />
      <h3 id="codes-de-secours" className="fr-h5">
        {t.listLabel}
      </h3>
      <ul
        aria-labelledby="codes-de-secours"
        className="fr-raw-list fr-grid-row fr-grid-row--gutters fr-mb-2w"
      >
        {codes.map((code) => (
          <li key={code} className="fr-col-6 fr-col-md-4">
            <code className="fr-text--lg" data-recovery-code="">
              {code}
            </code>
          </li>
        ))}
      </ul>
      <ButtonsGroup
        inlineLayoutWhen="sm and up"
        buttons={[
          {
            children: t.copy,
            priority: 'secondary',
            iconId: 'fr-icon-clipboard-line',
            type: 'button',
            onClick: copy,
          },
          {
            children: t.download,
            priority: 'secondary',
            iconId: 'fr-icon-download-line',
            type: 'button',
            onClick: download,
          },
        ]}
      />
      {copied && (
        <p role="status" className="fr-text--sm">
          {t.copied}
        </p>
      )}
      <Checkbox
        options={[
          {
            label: t.kept,
            nativeInputProps: {
              name: 'codes-conserves',
              checked: kept,
              onChange: (event) => setKept(event.target.checked),
            },
          },
        ]}
      />
      <Button type="button" disabled={!kept} onClick={onDone}>
        {t.continue}
      </Button>
    </div>
  );
}
