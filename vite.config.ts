// Builds the renderer (renderer/ → dist/renderer). The Electron shell loads it from file and the
// browser-mode host serves the same folder. Monaco's workers are bundled as ES module workers so
// they load from 'self' under the strict CSP (no blob: or eval needed); relative asset paths keep
// the build working from file:// and from any host path.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  root: fileURLToPath(new URL('./renderer', import.meta.url)),
  base: './',
  plugins: [react()],
  worker: { format: 'es' },
  build: {
    outDir: fileURLToPath(new URL('./dist/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 4000,
  },
});
