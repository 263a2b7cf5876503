import { resolve } from 'node:path';
import { defineConfig } from '@playwright/test';

/**
 * Browser tests run in Debian's Chromium (never a downloaded browser) against the production build served by
 * `vite preview` — the same static files a district would host. The build runs once, before the server.
 * Timeouts leave room for a shared 2-core CI machine.
 */
const PORT = Number(process.env.NIANBAO_E2E_PORT ?? 4173);
// The small national dataset national.spec.ts builds (tests/e2e/helpers/national.ts): preview serves it from
// there (read per request, so it may be built after the server started); it never enters the build.
// server.spec.ts runs `nianbao serve` on this port; preview forwards `/api/*` to it (the documented reverse proxy).
const API_PORT = Number(process.env.NIANBAO_API_PORT ?? PORT + 3000);
process.env.NIANBAO_API_PORT = String(API_PORT);
process.env.NIANBAO_API_PROXY = `http://127.0.0.1:${API_PORT}`;
// pdf-files.spec.ts ingests the office fixture PDFs into these (tests/e2e/helpers/office-dataset.ts), likewise.
process.env.NIANBAO_EXTRA_DATASETS = [process.env.NIANBAO_EXTRA_DATASETS, resolve('.tmp/e2e-national'), resolve('.tmp/e2e-office'), resolve('.tmp/e2e-office-missing')]
	.filter(Boolean)
	.join(':');

export default defineConfig({
	testDir: 'tests/e2e',
	testMatch: '**/*.spec.ts',
	fullyParallel: false,
	workers: process.env.CI ? 1 : 2,
	retries: 0,
	timeout: 60_000,
	expect: { timeout: 15_000 },
	reporter: process.env.CI ? 'list' : [['list']],
	use: {
		baseURL: `http://127.0.0.1:${PORT}`,
		browserName: 'chromium',
		headless: true,
		locale: 'zh-CN',
		launchOptions: {
			executablePath: '/usr/bin/chromium',
			args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu', '--disable-dev-shm-usage']
		},
		trace: 'retain-on-failure',
		actionTimeout: 15_000,
		navigationTimeout: 30_000
	},
	webServer: {
		command: `NIANBAO_PRECOMPRESS=0 npm run build --silent && npx vite preview --port ${PORT} --strictPort --host 127.0.0.1`,
		url: `http://127.0.0.1:${PORT}/datasets/index.json`,
		reuseExistingServer: !process.env.CI,
		timeout: 240_000,
		stdout: 'ignore',
		stderr: 'pipe'
	}
});
