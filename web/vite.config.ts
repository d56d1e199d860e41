// Vite build of the dashboard: `npm run build:web` writes web/dist, which the server serves at `/`.
// `npm run dev:web` proxies the API to a server on PORT (default 3000) for live editing.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const apiTarget = `http://127.0.0.1:${process.env.PORT ?? '3000'}`;

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 400 },
  server: { proxy: { '/v1': apiTarget, '/api/v1': apiTarget } },
});
