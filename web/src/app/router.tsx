import { createBrowserRouter, Navigate, useLocation, type RouteObject } from 'react-router';
import { AccessDeniedPage } from '../features/accounts/AccessDeniedPage';
import { NotFoundPage } from '../features/not-found/NotFoundPage';
import { canOpen, returnParam } from './access';
import type { Lang } from './i18n';
import { localizedPath, useLang } from './i18n';
import { Layout } from './Layout';
import { pageRoutes, type PageRoute } from './routes';
import { useSession } from './session';

/**
 * A page the user may not open: an anonymous visitor is sent to the login page (and back here afterwards), a
 * signed-in user without the role is told access is refused.
 */
function GuardedPage({ route }: { route: PageRoute }) {
  const session = useSession();
  const lang = useLang();
  const location = useLocation();
  if (route.access === 'public') return <route.Page />;
  if (session.state === undefined) return <div className="fr-container fr-py-6w" aria-busy="true" />;
  if (canOpen(route.access, session.roles, session.signedIn)) return <route.Page />;
  if (!session.signedIn) {
    const back = `${location.pathname}${location.search}`;
    return (
      <Navigate
        replace
        to={`${localizedPath(lang, 'connexion')}?${returnParam}=${encodeURIComponent(back)}`}
      />
    );
  }
  return <AccessDeniedPage />;
}

function languageTree(lang: Lang): RouteObject {
  return {
    path: localizedPath(lang, ''),
    element: <Layout />,
    children: [
      ...pageRoutes.map((route): RouteObject => {
        const element = <GuardedPage route={route} />;
        return route.path === '' ? { index: true, element } : { path: route.path, element };
      }),
      { path: '*', element: <NotFoundPage /> },
    ],
  };
}

export const router = createBrowserRouter([languageTree('en'), languageTree('fr')]);
