import { startReactDsfr } from '@codegouvfr/react-dsfr/spa';
import { Link } from 'react-router';
import { useLang } from './i18n';

// DSFR styles, Marianne fonts and icons, bundled by Vite: the Content-Security-Policy forbids any CDN.
import '@codegouvfr/react-dsfr/main.css';
import '../ui/gradins.css';

declare module '@codegouvfr/react-dsfr/spa' {
  interface RegisterLink {
    Link: typeof Link;
  }
}

export function startDsfr(): void {
  // DSFR's own texts (menu, close, footer mentions…) follow the language of the URL.
  startReactDsfr({ defaultColorScheme: 'system', Link, useLang });
}
