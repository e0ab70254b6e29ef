import { Display, headerFooterDisplayItem } from '@codegouvfr/react-dsfr/Display';
import { Footer } from '@codegouvfr/react-dsfr/Footer';
import { Header } from '@codegouvfr/react-dsfr/Header';
import type { MainNavigationProps } from '@codegouvfr/react-dsfr/MainNavigation';
import { SkipLinks } from '@codegouvfr/react-dsfr/SkipLinks';
import { useEffect, useRef } from 'react';
import { Outlet, ScrollRestoration, useLocation } from 'react-router';
import { canOpen, useCurrentRoles } from './access';
import { localizedPath, otherLang, pagePathOf, useLang, useMessages } from './i18n';
import { layoutMessages } from './messages';
import { pageRoutes } from './routes';

/** The official State block: the same in every language. */
const brandTop = (
  <>
    République
    <br />
    Française
  </>
);

export const mainContentId = 'contenu';
const footerId = 'pied-de-page';

export function Layout() {
  const lang = useLang();
  const t = useMessages(layoutMessages);
  const { pathname } = useLocation();
  const pagePath = pagePathOf(pathname);
  const roles = useCurrentRoles();
  const mainRef = useRef<HTMLElement>(null);

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  // After a client-side navigation, screen-reader and keyboard users start on the new content, as they
  // would after a full page load. The first render keeps the browser's default focus.
  const firstPathname = useRef(pathname);
  useEffect(() => {
    if (pathname !== firstPathname.current) mainRef.current?.focus();
  }, [pathname]);

  const homeLinkProps = { to: localizedPath(lang, ''), title: t.homeLinkTitle };
  const switchLang = otherLang(lang);

  const navigation: MainNavigationProps.Item[] = pageRoutes
    .filter((route) => route.nav !== undefined && canOpen(route.access, roles))
    .map((route) => ({
      text: route.nav?.[lang],
      linkProps: { to: localizedPath(lang, route.path) },
      isActive: pagePath === route.path,
    }));

  return (
    <>
      <SkipLinks
        links={[
          { label: t.skipToContent, anchor: `#${mainContentId}` },
          { label: t.skipToFooter, anchor: `#${footerId}` },
        ]}
      />
      <Header
        brandTop={brandTop}
        serviceTitle="Gradins"
        serviceTagline={t.tagline}
        homeLinkProps={homeLinkProps}
        navigation={navigation}
        quickAccessItems={[
          {
            iconId: 'fr-icon-translate-2',
            text: <span lang={switchLang}>{t.otherLanguageName}</span>,
            linkProps: {
              to: localizedPath(switchLang, pagePath),
              hrefLang: switchLang,
              title: t.otherLanguageTitle,
            },
          },
        ]}
      />
      <main id={mainContentId} ref={mainRef} tabIndex={-1} role="main">
        <Outlet />
      </main>
      <Footer
        id={footerId}
        brandTop={brandTop}
        homeLinkProps={homeLinkProps}
        accessibility="non compliant"
        accessibilityLinkProps={{ to: localizedPath(lang, 'accessibilite') }}
        contentDescription={t.footerDescription}
        bottomItems={[headerFooterDisplayItem]}
      />
      <Display />
      <ScrollRestoration />
    </>
  );
}
