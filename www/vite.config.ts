import { defineConfig } from 'vitest/config';

/**
 * Nothing beyond the page's own origin: no CDN, no fonts, no analytics. Scripts only
 * from the origin (plus compiling our own wasm), workers from the origin, network
 * requests to the origin only. The same policy is in index.html's meta tag, so the
 * page is protected whichever server serves it.
 */
export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export default defineConfig({
  base: './',
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true },
  preview: {
    headers: { 'Content-Security-Policy': contentSecurityPolicy },
  },
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
  },
});
