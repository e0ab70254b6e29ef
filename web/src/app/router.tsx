import { createBrowserRouter, type RouteObject } from 'react-router';
import { NotFoundPage } from '../features/not-found/NotFoundPage';
import { canOpen, useCurrentRoles } from './access';
import type { Lang } from './i18n';
import { localizedPath } from './i18n';
import { Layout } from './Layout';
import { pageRoutes, type PageRoute } from './routes';

/** Pages a user may not open answer like unknown pages, so their existence is not disclosed. */
function GuardedPage({ route }: { route: PageRoute }) {
  const roles = useCurrentRoles();
  return canOpen(route.access, roles) ? <route.Page /> : <NotFoundPage />;
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
