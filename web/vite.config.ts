import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const webRoot = fileURLToPath(new URL('.', import.meta.url));

// The server sends a strict Content-Security-Policy (script-src 'self', no CDN): everything the page needs,
// DSFR fonts, icons and favicons included, is bundled from node_modules into web/dist.
export default defineConfig({
  root: webRoot,
  base: '/',
  publicDir: false,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    // Modern browsers only: DSFR supports the last two versions of evergreen browsers.
    target: 'es2022',
    // DSFR's icon stylesheet points at some 2,000 SVG files: inlining them as data: URIs would make a 2 MB
    // stylesheet. Kept as files, a browser fetches only the icons a page shows.
    assetsInlineLimit: (filePath) => (filePath.endsWith('.svg') ? false : undefined),
    rolldownOptions: {
      output: {
        // React and the router change less often than our pages: their own chunk stays cached across releases.
        // (react-dsfr is left alone: it loads the DSFR script with a dynamic import that must stay lazy.)
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|react-router|scheduler|cookie)[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    proxy: { '/api': 'http://localhost:3000' },
  },
});
