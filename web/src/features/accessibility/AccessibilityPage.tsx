import { Link } from 'react-router';
import { localizedPath, useLang, useMessages, type Dictionary } from '../../app/i18n';
import { usePageTitle } from '../../ui/usePageTitle';

interface AccessibilityMessages {
  pageTitle: string;
  commitment: string;
  statusTitle: string;
  status: string;
  feedbackTitle: string;
  feedback: string;
  homeLink: string;
}

const messages: Dictionary<AccessibilityMessages> = {
  fr: {
    pageTitle: 'Déclaration d’accessibilité',
    commitment:
      'Gradins s’engage à rendre son service accessible, conformément à l’article 47 de la loi n°\u00a02005-102 du 11\u00a0février 2005.',
    statusTitle: 'État de conformité',
    status:
      'Gradins n’a pas encore fait l’objet d’un audit de conformité au référentiel général d’amélioration de l’accessibilité (RGAA). Il est donc déclaré non conforme. Chaque page est toutefois vérifiée automatiquement à chaque évolution du service.',
    feedbackTitle: 'Retour d’information et contact',
    feedback:
      'Si vous n’arrivez pas à accéder à un contenu ou à un service, contactez l’opérateur qui vous a inscrit pour être orienté vers une alternative accessible.',
    homeLink: 'Retour à l’accueil',
  },
  en: {
    pageTitle: 'Accessibility statement',
    commitment:
      'Gradins is committed to making its service accessible, in accordance with article 47 of French law no.\u00a02005-102 of 11\u00a0February 2005.',
    statusTitle: 'Compliance status',
    status:
      'Gradins has not yet been audited against the French accessibility standard (RGAA). It is therefore declared non-compliant. Every page is nevertheless checked automatically whenever the service changes.',
    feedbackTitle: 'Feedback and contact',
    feedback:
      'If you cannot access some content or service, contact the operator who registered you to be offered an accessible alternative.',
    homeLink: 'Back to the home page',
  },
};

export function AccessibilityPage() {
  const lang = useLang();
  const t = useMessages(messages);
  usePageTitle(t.pageTitle);

  return (
    <div className="fr-container fr-py-6w">
      <div className="fr-grid-row">
        <div className="fr-col-12 fr-col-lg-8">
          <h1>{t.pageTitle}</h1>
          <p>{t.commitment}</p>
          <h2>{t.statusTitle}</h2>
          <p>{t.status}</p>
          <h2>{t.feedbackTitle}</h2>
          <p>{t.feedback}</p>
          <p>
            <Link className="fr-link fr-icon-arrow-left-line fr-link--icon-left" to={localizedPath(lang, '')}>
              {t.homeLink}
            </Link>
          </p>
        </div>
      </div>
    </div>
  );
}
