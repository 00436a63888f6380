import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  build: { outDir: fileURLToPath(new URL('../dist/web', import.meta.url)), emptyOutDir: true },
  server: { proxy: { '/graphql': 'http://127.0.0.1:3000', '/healthz': 'http://127.0.0.1:3000' } },
  plugins: [
    vue(),
    VitePWA({
      registerType: 'autoUpdate',
      injectRegister: false,
      includeAssets: ['icons/*.png', 'icons/*.svg'],
      manifest: {
        name: '住基ネット セキュリティ管理',
        short_name: '住基セキュリティ',
        description: '住民基本台帳ネットワークシステム セキュリティ対策基準の運用 (組織・管理簿・事故対応)',
        lang: 'ja',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        background_color: '#f5f7fa',
        theme_color: '#1f3a5f',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        // Without these the first visit is never controlled (STACK.md: injectRegister false drops them).
        clientsClaim: true,
        skipWaiting: true,
        globPatterns: ['**/*.{js,css,html,png,svg,webmanifest}'],
        navigateFallback: '/index.html',
        // The API is never answered from the offline shell.
        navigateFallbackDenylist: [/^\/graphql/, /^\/healthz/],
        // Web Push: show a push, open its link (web/public/push-sw.js)
        importScripts: ['/push-sw.js'],
      },
    }),
  ],
});
