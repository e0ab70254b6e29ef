import { Button } from '@codegouvfr/react-dsfr/Button';
import TechnicalError from '@codegouvfr/react-dsfr/picto/TechnicalError';
import { localizedPath, useLang, useMessages, type Dictionary } from '../../app/i18n';
import { usePageTitle } from '../../ui/usePageTitle';

interface NotFoundMessages {
  pageTitle: string;
  error: string;
  lead: string;
  help: string;
  home: string;
}

const messages: Dictionary<NotFoundMessages> = {
  fr: {
    pageTitle: 'Page non trouvée',
    error: 'Erreur 404',
    lead: 'La page que vous cherchez est introuvable. Excusez-nous pour la gêne occasionnée.',
    help: 'Si vous avez tapé l’adresse web dans le navigateur, vérifiez qu’elle est correcte. La page n’est peut-être plus disponible.',
    home: 'Page d’accueil',
  },
  en: {
    pageTitle: 'Page not found',
    error: 'Error 404',
    lead: 'The page you are looking for cannot be found. We apologise for the inconvenience.',
    help: 'If you typed the web address in the browser, check that it is correct. The page may no longer be available.',
    home: 'Home page',
  },
};

/** The DSFR "page d'erreur 404" template. */
export function NotFoundPage() {
  const lang = useLang();
  const t = useMessages(messages);
  usePageTitle(t.pageTitle);

  return (
    <div className="fr-container">
      <div className="fr-my-7w fr-mt-md-12w fr-mb-md-10w fr-grid-row fr-grid-row--gutters fr-grid-row--middle fr-grid-row--center">
        <div className="fr-py-0 fr-col-12 fr-col-md-6">
          <h1>{t.pageTitle}</h1>
          <p className="fr-text--sm fr-mb-3w">{t.error}</p>
          <p className="fr-text--lead fr-mb-3w">{t.lead}</p>
          <p className="fr-text--sm fr-mb-5w">{t.help}</p>
          <Button linkProps={{ to: localizedPath(lang, '') }}>{t.home}</Button>
        </div>
        <div className="fr-col-12 fr-col-md-3 fr-col-offset-md-1 fr-px-6w fr-px-md-0 fr-py-0">
          <TechnicalError fontSize="12rem" aria-hidden="true" />
        </div>
      </div>
    </div>
  );
}
