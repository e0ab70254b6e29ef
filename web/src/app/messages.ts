import type { Dictionary } from './i18n';

interface LayoutMessages {
  tagline: string;
  homeLinkTitle: string;
  skipToContent: string;
  skipToFooter: string;
  /** Name of the other language, written in that language. */
  otherLanguageName: string;
  otherLanguageTitle: string;
  footerDescription: string;
  signIn: string;
  signOut: string;
  myAccount: string;
  verifyDraws: string;
}

export const layoutMessages: Dictionary<LayoutMessages> = {
  fr: {
    tagline: 'Billets gratuits et nominatifs pour les événements sportifs',
    homeLinkTitle: 'Accueil — Gradins',
    skipToContent: 'Contenu',
    skipToFooter: 'Pied de page',
    otherLanguageName: 'English',
    otherLanguageTitle: 'This page in English',
    signIn: 'Se connecter',
    signOut: 'Se déconnecter',
    myAccount: 'Mon compte',
    verifyDraws: 'Vérifier un tirage',
    footerDescription:
      'Gradins distribue les billets gratuits et nominatifs offerts par les programmes de l’État pour assister à des événements sportifs, par tirage au sort vérifiable.',
  },
  en: {
    tagline: 'Free, nominative tickets to sport events',
    homeLinkTitle: 'Home — Gradins',
    skipToContent: 'Content',
    skipToFooter: 'Footer',
    otherLanguageName: 'Français',
    otherLanguageTitle: 'Cette page en français',
    signIn: 'Sign in',
    signOut: 'Sign out',
    myAccount: 'My account',
    verifyDraws: 'Verify a draw',
    footerDescription:
      'Gradins hands out the free, nominative tickets that French State programmes offer to sport events, by a lottery anyone can verify.',
  },
};
