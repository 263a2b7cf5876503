import { describe, expect, it } from 'vitest';
import { chooseServer, serverOrigin } from '../../../src/lib/db/server-choice.ts';

/** Which query server a page may use: the site's own origin or the server its operator configured, nothing else. */

const SITE = 'https://nianbao.example.gov.cn';

describe('choosing the query server', () => {
	it('uses the browser engine when nothing is configured or asked for, or when the link says off', () => {
		expect(chooseServer(null, '', SITE)).toBeNull();
		expect(chooseServer('', '', SITE)).toBeNull();
		expect(chooseServer('off', 'https://api.example.gov.cn', SITE)).toBeNull();
	});

	it('uses the build-time server by default', () => {
		expect(chooseServer(null, '/api/', SITE)).toEqual({ url: '/api' });
		expect(chooseServer(null, 'https://api.example.gov.cn/q', SITE)).toEqual({ url: 'https://api.example.gov.cn/q' });
	});

	it('accepts from a link only a path of the site itself, its own origin or the configured server', () => {
		expect(chooseServer('/api', '', SITE)).toEqual({ url: '/api' });
		expect(chooseServer(`${SITE}/api`, '', SITE)).toEqual({ url: `${SITE}/api` });
		expect(chooseServer('https://api.example.gov.cn/other', 'https://api.example.gov.cn/q', SITE)).toEqual({ url: 'https://api.example.gov.cn/other' });
	});

	it('refuses every other address a link names, including look-alikes of a path', () => {
		for (const evil of ['https://evil.example', '//evil.example/api', 'http://nianbao.example.gov.cn/api', 'javascript:alert(1)', 'data:text/plain,x', '/\\evil.example', 'api.example.gov.cn']) {
			expect(chooseServer(evil, 'https://api.example.gov.cn', SITE), evil).toHaveProperty('refused');
		}
	});

	it('gives the CSP the configured server origin, none for a path, and refuses what is not http(s)', () => {
		expect(serverOrigin('https://api.example.gov.cn/q')).toBe('https://api.example.gov.cn');
		expect(serverOrigin('/api')).toBeNull();
		expect(serverOrigin('')).toBeNull();
		expect(() => serverOrigin('ftp://x')).toThrow(/NIANBAO_SERVER/);
	});
});
