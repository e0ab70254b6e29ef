import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router/dom';
import { startDsfr } from './dsfr';
import { router } from './router';
import { SessionProvider } from './session';

startDsfr();

const root = document.getElementById('root');
if (root === null) throw new Error('index.html must contain <div id="root">');

createRoot(root).render(
  <StrictMode>
    <SessionProvider>
      <RouterProvider router={router} />
    </SessionProvider>
  </StrictMode>,
);
