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
    howTo: {
      first_admin: (
        <>
          Pour obtenir un nouveau lien d’installation, relancez <code>npx gradins admin create</code> ou
          redémarrez le serveur pour obtenir un nouveau lien.
        </>
      ),
      invitation: 'Demandez à votre administrateur une nouvelle invitation.',
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
    howTo: {
      first_admin: (
        <>
          To get a new set-up link, run <code>npx gradins admin create</code> again or restart the server.
        </>
      ),
      invitation: 'Ask your administrator for a new invitation.',
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
          <p className="fr-text--lead">{t.lead[status]}</p>
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
