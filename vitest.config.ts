import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

// Unit tests run on plain Node (no SvelteKit plugin needed for pure modules).
export default defineConfig({
	resolve: { alias: { $lib: fileURLToPath(new URL('./src/lib', import.meta.url)) } },
	test: {
		include: ['tests/unit/**/*.test.ts'],
		testTimeout: 60_000
	}
});
