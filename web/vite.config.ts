import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const webRoot = fileURLToPath(new URL('.', import.meta.url));
const api = process.env.ONR_API_URL ?? 'http://127.0.0.1:8080';

/**
 * The officials' UI. Built into web/dist and served by the registry under /henkilo-ui/
 * (src/ui/plugin.ts). `npm run dev:web` serves it with hot reload on :5173 and passes API calls
 * to a running registry (ONR_API_URL, default http://127.0.0.1:8080).
 */
export default defineConfig({
  root: webRoot,
  base: '/henkilo-ui/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // One vendor chunk keeps the number of requests low; the size warning is not useful here.
    chunkSizeWarningLimit: 1500,
    sourcemap: false,
  },
  server: {
    port: 5173,
    strictPort: true,
    // The UI imports the server's pure domain rules (hetu, names) from ../src/domain.
    fs: { allow: [fileURLToPath(new URL('..', import.meta.url))] },
    proxy: { '/oppijanumerorekisteri-service': { target: api, changeOrigin: false } },
  },
});
