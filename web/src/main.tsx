import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.tsx';
import { findRoute, loadPage } from './routes.ts';
import { session } from './session.ts';
import './styles.css';

function render(): void {
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}

// Fetch the first page's code before the first render, so it paints once, complete (a failure is
// shown by the page host when it retries).
const first = findRoute(window.location.pathname);
if (first === undefined || !session.signedIn) render();
else loadPage(first.route).then(render, render);
