import type { ComponentType } from 'react';
import { AccessibilityPage } from '../features/accessibility/AccessibilityPage';
import { HomePage } from '../features/home/HomePage';
import type { PageAccess } from './access';
import type { Dictionary } from './i18n';

export interface PageRoute {
  id: string;
  /** Path without the language prefix; '' is the home page. The English page is served under /en/<path>. */
  path: string;
  Page: ComponentType;
  /** Default deny: a page that is not 'public' lists the roles allowed to open it. */
  access: PageAccess;
  /** Label in the main navigation, for pages that have an entry there. */
  nav?: Dictionary<string>;
}

/** Every page of the application. Features add their pages here, with the roles allowed to see them. */
export const pageRoutes: readonly PageRoute[] = [
  { id: 'home', path: '', Page: HomePage, access: 'public', nav: { fr: 'Accueil', en: 'Home' } },
  { id: 'accessibility', path: 'accessibilite', Page: AccessibilityPage, access: 'public' },
];
