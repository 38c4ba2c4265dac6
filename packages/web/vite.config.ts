import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { chunkReport } from './chunk-report';
import { precompress } from './precompress';
import { serviceWorker } from './service-worker';

// The contracts package is TypeScript source (ESM with `.js` import suffixes); Vite compiles it
// like our own code. The aliases make that explicit and independent of the workspace symlink.
const contracts = (file: string) => fileURLToPath(new URL(`../contracts/src/${file}`, import.meta.url));

export default defineConfig({
  plugins: [react(), serviceWorker(), precompress(), chunkReport()],
  resolve: {
    alias: [
      { find: /^@servicebay\/contracts$/, replacement: contracts('index.ts') },
      { find: /^@servicebay\/contracts\/constants$/, replacement: contracts('constants.ts') },
    ],
  },
  server: {
    port: 5173,
    proxy: { '/api': { target: 'http://localhost:3000', changeOrigin: false } },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 600,
    rolldownOptions: {
      // A contract schema the bundle never reads is dropped (building one has no side effect).
      treeshake: { manualPureFunctions: ['z'] },
      output: {
        codeSplitting: {
          // Pages load on first visit (app/router.tsx); antd components are left to the automatic
          // chunking, so each page brings only the components it uses. React changes rarely: one
          // long-cached chunk.
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/, priority: 3 },
            // Only the KPI page draws charts: ECharts stays out of the first load.
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/, priority: 4 },
          ],
        },
      },
    },
  },
});
