import { useLocation } from 'react-router';

/** French is the language of the service; English is a courtesy translation under /en. */
export const languages = ['fr', 'en'] as const;
export type Lang = (typeof languages)[number];

/** Every text shown to users exists in every language: the compiler checks that none is missing. */
export type Dictionary<Messages> = Readonly<Record<Lang, Messages>>;

const prefixes: Readonly<Record<Lang, string>> = { fr: '', en: '/en' };

export function langFromPathname(pathname: string): Lang {
  return pathname === prefixes.en || pathname.startsWith(`${prefixes.en}/`) ? 'en' : 'fr';
}

/** The path of a page without its language prefix: '' for the home page, 'accessibilite'… */
export function pagePathOf(pathname: string): string {
  const withoutPrefix = langFromPathname(pathname) === 'en' ? pathname.slice(prefixes.en.length) : pathname;
  return withoutPrefix.replace(/^\/+/, '');
}

/** The URL of a page in a given language: localizedPath('en', 'accessibilite') is '/en/accessibilite'. */
export function localizedPath(lang: Lang, pagePath: string): string {
  const suffix = pagePath.replace(/^\/+/, '');
  if (suffix === '') return prefixes[lang] === '' ? '/' : prefixes[lang];
  return `${prefixes[lang]}/${suffix}`;
}

export function otherLang(lang: Lang): Lang {
  return lang === 'fr' ? 'en' : 'fr';
}

/** The language is part of the URL, so links can be shared and each page has one address per language. */
export function useLang(): Lang {
  return langFromPathname(useLocation().pathname);
}

export function useMessages<Messages>(dictionary: Dictionary<Messages>): Messages {
  return dictionary[useLang()];
}
