/**
 * Builds small PDFs byte by byte for reader tests (a scanned page, an encrypted file): objects with a
 * correct cross-reference table, so PDF.js reads them as a real producer's file and not as a repaired one.
 */
export function buildPdf(objects: (string | Uint8Array)[], trailerExtra = ''): Uint8Array {
	const enc = new TextEncoder();
	const parts: Uint8Array[] = [enc.encode('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n')];
	let pos = parts[0].length;
	const offsets: number[] = [];
	objects.forEach((o, k) => {
		offsets.push(pos);
		const body = typeof o === 'string' ? enc.encode(o) : o;
		const chunk = concat([enc.encode(`${k + 1} 0 obj\n`), body, enc.encode('\nendobj\n')]);
		parts.push(chunk);
		pos += chunk.length;
	});
	const xref = [`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`, ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`)].join('');
	parts.push(enc.encode(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R ${trailerExtra}>>\nstartxref\n${pos}\n%%EOF\n`));
	return concat(parts);
}

export function concat(parts: Uint8Array[]): Uint8Array {
	const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
	let at = 0;
	for (const p of parts) {
		out.set(p, at);
		at += p.length;
	}
	return out;
}

/** A stream object: dictionary entries plus raw bytes. */
export function stream(dict: string, data: string | Uint8Array): Uint8Array {
	const enc = new TextEncoder();
	const bytes = typeof data === 'string' ? enc.encode(data) : data;
	return concat([enc.encode(`<< ${dict} /Length ${bytes.length} >>\nstream\n`), bytes, enc.encode('\nendstream')]);
}

const A4 = '/MediaBox [0 0 595 842]';

/** Pages that are each either text (Helvetica) or a full-page image (what a scanner makes). */
export function pagesPdf(kinds: ('text' | 'image' | 'empty')[]): Uint8Array {
	const objs: (string | Uint8Array)[] = ['<< /Type /Catalog /Pages 2 0 R >>', ''];
	const kids: number[] = [];
	const font = 3;
	objs.push('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>');
	const image = 4;
	objs.push(stream('/Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8', new Uint8Array([40, 200, 200, 40])));
	for (const k of kinds) {
		const content = k === 'text' ? 'BT /F1 24 Tf 72 700 Td (Annual report page) Tj ET' : k === 'image' ? 'q 595 0 0 842 0 0 cm /Im1 Do Q' : '';
		objs.push(stream('', content));
		const contentId = objs.length;
		objs.push(`<< /Type /Page /Parent 2 0 R ${A4} /Resources << /Font << /F1 ${font} 0 R >> /XObject << /Im1 ${image} 0 R >> >> /Contents ${contentId} 0 R >>`);
		kids.push(objs.length);
	}
	objs[1] = `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`;
	return buildPdf(objs);
}

/** A file encrypted with the standard security handler and a user password nobody gave. */
export function encryptedPdf(): Uint8Array {
	const hex32 = (c: string) => `<${c.repeat(64)}>`;
	return buildPdf(
		['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', `<< /Type /Page /Parent 2 0 R ${A4} >>`, `<< /Filter /Standard /V 1 /R 2 /O ${hex32('a')} /U ${hex32('b')} /P -4 >>`],
		`/Encrypt 4 0 R /ID [<0123456789abcdef0123456789abcdef> <0123456789abcdef0123456789abcdef>] `
	);
}

/** One page of Helvetica text runs placed at [x, y] (a table drawn without rules when runs line up in columns). */
export function textRunsPdf(runs: [number, number, string][], turned = false): Uint8Array {
	// turned: the content drawn a quarter turn anticlockwise and the page shown turned back (/Rotate 90), as a
	// landscape page put on portrait paper is.
	const body = runs.map(([x, y, s]) => `BT /F1 11 Tf 1 0 0 1 ${x} ${y} Tm (${s}) Tj ET`).join('\n');
	const content = turned ? `q 0 1 -1 0 595 0 cm\n${body}\nQ` : body;
	return buildPdf([
		'<< /Type /Catalog /Pages 2 0 R >>',
		'<< /Type /Pages /Kids [4 0 R] /Count 1 >>',
		'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
		`<< /Type /Page /Parent 2 0 R ${A4} ${turned ? '/Rotate 90 ' : ''}/Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>`,
		stream('', content)
	]);
}
