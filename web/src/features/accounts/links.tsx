import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { useEffect, useState, type ReactNode } from 'react';
import { useParams } from 'react-router';
import { api, asProblem, type ApiProblem } from '../../app/api';
import type { LinkState } from '../../app/contracts';
import { localizedPath, useLang, useMessages, type Dictionary } from '../../app/i18n';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { usePageTitle } from '../../ui/usePageTitle';

type LinkPurpose = LinkState['purpose'];

const messages: Dictionary<{
  pageTitle: Record<'expired' | 'used' | 'unknown', string>;
  lead: Record<'expired' | 'used' | 'unknown', string>;
  validity: Record<LinkPurpose, string>;
  howTo: Record<LinkPurpose, NonNullable<ReactNode>>;
  home: string;
  loading: string;
}> = {
  fr: {
    pageTitle: {
      expired: 'Ce lien a expiré',
      used: 'Ce lien a déjà servi',
      unknown: 'Ce lien n’est pas valide',
    },
    lead: {
      expired: 'Pour votre sécurité, les liens d’activation ne sont valables que pendant une durée limitée.',
      used: 'Chaque lien d’activation ne sert qu’une fois et celui-ci a déjà été utilisé. Si c’était vous, connectez-vous avec le mot de passe choisi.',
      unknown:
        'Ce lien est incomplet ou ne correspond à aucune demande. Vérifiez que vous avez copié l’adresse en entier.',
    },
    validity: {
      first_admin: 'Un lien d’installation est valable 24\u00a0heures.',
      invitation: 'Une invitation est valable 7\u00a0jours.',
      password_reset: 'Un lien de réinitialisation est valable pendant une durée limitée.',
    },
    howTo: {
      first_admin: (
        <>
          Pour obtenir un nouveau lien d’installation, redémarrez le serveur Gradins&nbsp;: tant qu’aucun
          compte n’existe, il en affiche un nouveau au démarrage. Vous pouvez aussi créer l’administrateur
          depuis un terminal avec <code>npx gradins admin create</code>.
        </>
      ),
      invitation:
        'Pour obtenir un nouveau lien, demandez à votre administrateur de vous renvoyer l’invitation (page « Utilisateurs et habilitations »).',
      password_reset: 'Demandez à votre administrateur un nouveau lien de réinitialisation.',
    },
    home: 'Page d’accueil',
    loading: 'Vérification du lien…',
  },
  en: {
    pageTitle: {
      expired: 'This link has expired',
      used: 'This link has already been used',
      unknown: 'This link is not valid',
    },
    lead: {
      expired: 'For your security, activation links only work for a limited time.',
      used: 'Each activation link works once, and this one has been used. If it was you, sign in with the password you chose.',
      unknown: 'This link is incomplete or matches no request. Check that you copied the whole address.',
    },
    validity: {
      first_admin: 'A set-up link works for 24 hours.',
      invitation: 'An invitation works for 7 days.',
      password_reset: 'A reset link works for a limited time.',
    },
    howTo: {
      first_admin: (
        <>
          To get a new set-up link, restart the Gradins server: while no account exists, it prints a new one
          when it starts. You can also create the administrator from a terminal with{' '}
          <code>npx gradins admin create</code>.
        </>
      ),
      invitation:
        'To get a new link, ask your administrator to send the invitation again (page “Users and authorisations”).',
      password_reset: 'Ask your administrator for a new reset link.',
    },
    home: 'Home page',
    loading: 'Checking the link…',
  },
};

/** The page shown for an expired, used or unknown link, saying how to get a new one. */
function LinkProblemPage({
  status,
  purpose,
}: {
  status: 'expired' | 'used' | 'unknown';
  purpose: LinkPurpose;
}) {
  const lang = useLang();
  const t = useMessages(messages);
  usePageTitle(t.pageTitle[status]);
  return (
    <div className="fr-container fr-py-6w">
      <div className="fr-grid-row">
        <div className="fr-col-12 fr-col-lg-8">
          <h1>{t.pageTitle[status]}</h1>
          <p className="fr-text--lead">
            {t.lead[status]}
            {status === 'expired' && ` ${t.validity[purpose]}`}
          </p>
          <Alert severity="info" small description={t.howTo[purpose]} className="fr-mb-4w" />
          {status === 'used' ? (
            <Button linkProps={{ to: localizedPath(lang, 'connexion') }}>
              {lang === 'fr' ? 'Se connecter' : 'Sign in'}
            </Button>
          ) : (
            <Button priority="secondary" linkProps={{ to: localizedPath(lang, '') }}>
              {t.home}
            </Button>
          )}
        </div>
      </div>
    </div>
  );
}

/**
 * Checks a single-use link (GET /api/v1/links/:token) before showing its page: an expired, used or unknown link
 * gets a clear page saying how to obtain a new one.
 */
export function LinkGate(props: {
  purpose: LinkPurpose;
  children: (link: LinkState, token: string) => ReactNode;
}) {
  const { token = '' } = useParams();
  const t = useMessages(messages);
  const [link, setLink] = useState<LinkState | undefined>(undefined);
  const [problem, setProblem] = useState<ApiProblem | undefined>(undefined);

  useEffect(() => {
    let cancelled = false;
    api<LinkState>('GET', `/api/v1/links/${encodeURIComponent(token)}`)
      .then((state) => {
        if (!cancelled) setLink(state);
      })
      .catch((error: unknown) => {
        if (cancelled) return;
        const asP = asProblem(error);
        // A 410 link-invalid or a 404 for a malformed token: the link is unusable.
        if (asP.code === 'link-invalid' || asP.status === 404 || asP.status === 410 || asP.status === 400)
          setLink({ purpose: props.purpose, status: 'unknown' });
        else setProblem(asP);
      });
    return () => {
      cancelled = true;
    };
  }, [token, props.purpose]);

  if (problem !== undefined)
    return (
      <div className="fr-container fr-py-6w">
        <h1>{t.pageTitle.unknown}</h1>
        <ProblemAlert problem={problem} />
      </div>
    );
  if (link === undefined)
    return (
      <div className="fr-container fr-py-6w" aria-busy="true">
        <p>{t.loading}</p>
      </div>
    );
  if (link.status !== 'valid' || link.purpose !== props.purpose)
    return (
      <LinkProblemPage status={link.status === 'valid' ? 'unknown' : link.status} purpose={props.purpose} />
    );
  return <>{props.children(link, token)}</>;
}
