import { Button } from '@codegouvfr/react-dsfr/Button';
import { localizedPath, useLang, useMessages, type Dictionary } from '../../app/i18n';
import { usePageTitle } from '../../ui/usePageTitle';

const messages: Dictionary<{ pageTitle: string; error: string; lead: string; help: string; home: string }> = {
  fr: {
    pageTitle: 'Accès refusé',
    error: 'Erreur 403',
    lead: 'Vous n’avez pas l’habilitation nécessaire pour ouvrir cette page.',
    help: 'Si vous pensez en avoir besoin pour votre mission, demandez à votre administrateur de vous attribuer le rôle correspondant.',
    home: 'Page d’accueil',
  },
  en: {
    pageTitle: 'Access denied',
    error: 'Error 403',
    lead: 'You do not hold the authorisation needed to open this page.',
    help: 'If you need it for your work, ask your administrator to grant you the corresponding role.',
    home: 'Home page',
  },
};

/** Shown to a signed-in user who opens a page their roles do not allow. */
export function AccessDeniedPage() {
  const lang = useLang();
  const t = useMessages(messages);
  usePageTitle(t.pageTitle);
  return (
    <div className="fr-container fr-my-7w">
      <h1>{t.pageTitle}</h1>
      <p className="fr-text--sm fr-mb-3w">{t.error}</p>
      <p className="fr-text--lead fr-mb-3w">{t.lead}</p>
      <p className="fr-mb-5w">{t.help}</p>
      <Button linkProps={{ to: localizedPath(lang, '') }}>{t.home}</Button>
    </div>
  );
}
