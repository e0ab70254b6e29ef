import { Display, headerFooterDisplayItem } from '@codegouvfr/react-dsfr/Display';
import { Footer } from '@codegouvfr/react-dsfr/Footer';
import { Header } from '@codegouvfr/react-dsfr/Header';
import type { HeaderProps } from '@codegouvfr/react-dsfr/Header';
import type { MainNavigationProps } from '@codegouvfr/react-dsfr/MainNavigation';
import { SkipLinks } from '@codegouvfr/react-dsfr/SkipLinks';
import { useEffect, useRef } from 'react';
import { Outlet, ScrollRestoration, useLocation, useNavigate } from 'react-router';
import { canOpen } from './access';
import { DemoNotice } from './DemoNotice';
import { localizedPath, otherLang, pagePathOf, useLang, useMessages } from './i18n';
import { layoutMessages } from './messages';
import { pageRoutes } from './routes';
import { useSession } from './session';

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
  const session = useSession();
  const navigate = useNavigate();
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
    .filter((route) => route.nav !== undefined && canOpen(route.access, session.roles, session.signedIn))
    .map((route) => ({
      text: route.nav?.[lang],
      linkProps: { to: localizedPath(lang, route.path) },
      isActive: pagePath === route.path,
    }));

  const signOut = () => {
    void session.signOut().finally(() => navigate(localizedPath(lang, '')));
  };
  const accountItems: HeaderProps.QuickAccessItem[] = session.signedIn
    ? [
        {
          iconId: 'fr-icon-account-circle-line',
          text: session.state?.user?.displayName ?? t.myAccount,
          linkProps: { to: localizedPath(lang, 'mon-compte'), title: t.myAccount },
        },
        { iconId: 'fr-icon-logout-box-r-line', text: t.signOut, buttonProps: { onClick: signOut } },
      ]
    : session.pending
      ? [{ iconId: 'fr-icon-logout-box-r-line', text: t.signOut, buttonProps: { onClick: signOut } }]
      : // Also while the session loads: the header keeps its layout for the many anonymous visitors.
        [
          {
            iconId: 'fr-icon-lock-line',
            text: t.signIn,
            linkProps: { to: localizedPath(lang, 'connexion') },
          },
        ];

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
          ...accountItems,
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
      <DemoNotice />
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
        bottomItems={[
          { text: t.verifyDraws, linkProps: { to: localizedPath(lang, 'tirages') } },
          headerFooterDisplayItem,
        ]}
      />
      <Display />
      <ScrollRestoration />
    </>
  );
}
