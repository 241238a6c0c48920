// Build of the web console: root web/, output web/dist, served by the API process at '/'.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  // Vite transforms TSX itself; the automatic runtime needs no React import per file.
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // antd alone is about 1 MB before gzip; the vendor chunks below keep the app's own code small.
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      onwarn(warning, warn) {
        // antd marks its modules "use client" for React Server Components; meaningless in this bundle.
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
      output: {
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/ },
            { name: 'antd', test: /node_modules[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    // `npx vite --config web/vite.config.ts` during development, with the API on :8080.
    proxy: { '/v1': 'http://127.0.0.1:8080' },
  },
});
