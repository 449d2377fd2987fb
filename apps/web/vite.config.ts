import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import solid from 'vite-plugin-solid';
import { precompress } from './build/precompress.plugin.ts';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  plugins: [solid(), precompress()],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    // The CSP allows data: only for images; emit every asset (fonts included) as a file.
    assetsInlineLimit: 0,
    rollupOptions: {
      output: {
        // Message chunks named by feature and language (messages-people.en-<hash>.js), not all "messages.en".
        chunkFileNames: (chunk) => {
          const feature = /features\/([^/]+)\/messages\.([\w-]+)\.ts$/.exec(chunk.facadeModuleId ?? '');
          return feature ? `assets/messages-${feature[1]}.${feature[2]}-[hash].js` : 'assets/[name]-[hash].js';
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': { target: 'http://localhost:3000', changeOrigin: false },
    },
  },
});
