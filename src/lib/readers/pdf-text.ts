/**
 * A page's text layer rebuilt from its operator list, so each page's content stream is read once (for its ruling
 * lines and its text) instead of twice (PDF.js's getOperatorList and getTextContent each parse it and walk its
 * text): the LibreOffice export read in 0.7 of the time (README, Reading speed).
 *
 * The operator list already holds every shown glyph (its Unicode, width, vertical metrics and whitespace class,
 * as PDF.js's font decoded it) and the text state operators around it, so the items are made here by PDF.js's
 * own text rules, followed step by step (getTextContent in pdfjs-dist's pdf.worker.mjs, 6.5): where a gap
 * becomes a space or a new item, where a jump is a line break, TJ kerning, character and word spacing,
 * horizontal scaling, rise, vertical fonts, Type 3 font heights, forms with their own text, the page's view box.
 * What the operator list cannot tell apart is not guessed: the function returns null and the caller asks PDF.js
 * for the text layer of that page (a font set from a graphics state, a font set inside a form, an image mask
 * or inline image in the middle of a run, right-to-left text, turned text in a Type 3 font whose box may come
 * from its glyphs, glyphs handed over as copies without their Unicode class). A spec compares both on the
 * committed fixtures of every producer.
 */

type M = number[];

/** The PDF.js operator codes read here (PDF.js exports them as OPS). */
export interface TextOps {
	save: number;
	restore: number;
	transform: number;
	setFont: number;
	setTextRise: number;
	setHScale: number;
	setLeading: number;
	moveText: number;
	setLeadingMoveText: number;
	nextLine: number;
	setTextMatrix: number;
	setCharSpacing: number;
	setWordSpacing: number;
	beginText: number;
	endText: number;
	showText: number;
	showSpacedText: number;
	nextLineShowText: number;
	nextLineSetSpacingShowText: number;
	setGState: number;
	beginMarkedContent: number;
	beginMarkedContentProps: number;
	endMarkedContent: number;
	paintFormXObjectBegin: number;
	paintFormXObjectEnd: number;
	paintImageXObject: number;
	paintImageXObjectRepeat: number;
	paintImageMaskXObject: number;
	paintImageMaskXObjectGroup: number;
	paintImageMaskXObjectRepeat: number;
	paintSolidColorImageMask: number;
	paintInlineImageXObject: number;
	paintInlineImageXObjectGroup: number;
	beginAnnotation: number;
	endAnnotation: number;
	beginGroup: number;
	setCharWidthAndBounds: number;
}

/** A text item as PDF.js's getTextContent gives it (the fields the reader uses, and its end-of-line mark). */
export interface TextItem {
	str: string;
	width: number;
	height: number;
	transform: number[];
	hasEOL: boolean;
}

/** What the reader needs of a font PDF.js sent to its API side (FontFaceObject, with fontExtraProperties). */
interface FontData {
	name?: string;
	vertical?: boolean;
	isType3Font?: boolean;
	fontMatrix?: number[];
	bbox?: number[];
	charProcOperatorList?: Map<string, { fnArray: number[]; argsArray: unknown[][] }>;
}
/** A glyph as PDF.js's worker made it (shared, not copied, over the reader's port: pdf-port.ts). */
interface Glyph {
	unicode: string;
	width: number;
	vmetric?: number[] | null;
	isSpace: boolean;
	category?: { isWhitespace: boolean; isZeroWidthDiacritic: boolean; isInvisibleFormatMark: boolean };
}

class TextState {
	ctm: M = [1, 0, 0, 1, 0, 0];
	loadedName: string | null = null;
	fontSize = 0;
	font: FontData | null = null;
	fontMatrix: M = FONT_IDENTITY;
	textMatrix: M = [1, 0, 0, 1, 0, 0];
	textLineMatrix: M = [1, 0, 0, 1, 0, 0];
	charSpacing = 0;
	wordSpacing = 0;
	leading = 0;
	textHScale = 1;
	textRise = 0;
	clone(): TextState {
		const c = Object.assign(new TextState(), this);
		c.textMatrix = this.textMatrix.slice();
		c.textLineMatrix = this.textLineMatrix.slice();
		c.fontMatrix = this.fontMatrix.slice();
		return c;
	}
	translateTextMatrix(x: number, y: number) {
		const m = this.textMatrix;
		m[4] = m[0] * x + m[2] * y + m[4];
		m[5] = m[1] * x + m[3] * y + m[5];
	}
	translateTextLineMatrix(x: number, y: number) {
		const m = this.textLineMatrix;
		m[4] = m[0] * x + m[2] * y + m[4];
		m[5] = m[1] * x + m[3] * y + m[5];
	}
	carriageReturn() {
		this.translateTextLineMatrix(0, -this.leading);
		this.textMatrix = this.textLineMatrix.slice();
	}
}

const FONT_IDENTITY: M = [0.001, 0, 0, 0.001, 0, 0];
/** The product of two PDF matrices [a b c d e f] (m2 applied first, then m1), as PDF.js's Util.transform. */
export const mul = (m1: ArrayLike<number>, m2: ArrayLike<number>): [number, number, number, number, number, number] => [
	m1[0] * m2[0] + m1[2] * m2[1],
	m1[1] * m2[0] + m1[3] * m2[1],
	m1[0] * m2[2] + m1[2] * m2[3],
	m1[1] * m2[2] + m1[3] * m2[3],
	m1[0] * m2[4] + m1[2] * m2[5] + m1[4],
	m1[1] * m2[4] + m1[3] * m2[5] + m1[5]
];
const sameMatrix = (a: M, b: M) => a.length === b.length && a.every((x, k) => x === b[k]);

/**
 * The number a content stream wrote, from the 32-bit float PDF.js keeps of a text matrix (getTextContent works
 * with the number as read). A float whose exact value is a short decimal (157.015625: Skia writes its floats
 * exactly) is that number; any other is the shortest decimal that rounds to it (56.8, as office programs write).
 */
export function fromFloat32(f: number): number {
	if (!Number.isFinite(f) || Number.isInteger(f)) return f;
	let v = decimals.get(f);
	if (v !== undefined) return v;
	v = f;
	for (let p = 1; p <= 9; p++) {
		const d = Number(f.toPrecision(p));
		if (Math.fround(d) === f) {
			v = d;
			break;
		}
	}
	if (decimals.size > 10_000) decimals.clear();
	decimals.set(f, v);
	return v;
}
const decimals = new Map<number, number>();

/** Thrown where the operator list cannot say what getTextContent would do: the page is read by PDF.js instead. */
class Unsupported extends Error {}

const TRACKING_SPACE_FACTOR = 0.102;
const NOT_A_SPACE_FACTOR = 0.03;
const NEGATIVE_SPACE_FACTOR = -0.2;
const SPACE_IN_FLOW_MIN_FACTOR = 0.102;
const SPACE_IN_FLOW_MAX_FACTOR = 0.6;
const VERTICAL_SHIFT_RATIO = 0.25;
const RTL = /[\u0590-\u08ac]/;

/**
 * The text items of one page from its operator list, as getTextContent would give them; null when the list
 * holds something whose effect on the text layer it cannot tell (the caller then uses getTextContent).
 * `fontOf` gives the font PDF.js sent for a loaded font name; `view` is the page's view box.
 */
export function textFromOps(
	ops: { fnArray: ArrayLike<number>; argsArray: ArrayLike<unknown> },
	OPS: TextOps,
	fontOf: (loadedName: string) => unknown,
	view: number[],
	normalizeUnicode: (s: string) => string
): TextItem[] | null {
	try {
		return walk(ops, OPS, fontOf, view, normalizeUnicode);
	} catch (e) {
		if (e instanceof Unsupported) return null;
		throw e;
	}
}

/** getTextContent's state for one content stream (the page's, or a form's: each is read by its own call there). */
class Stream {
	item = {
		initialized: false,
		str: [] as string[],
		totalWidth: 0,
		totalHeight: 0,
		width: 0,
		height: 0,
		/** The height under the other reading of an ambiguous Type 3 font (see getCurrentTextTransform). */
		heightAlt: 0,
		vertical: false,
		prevTransform: null as M | null,
		prevTextRise: 0,
		textAdvanceScale: 0,
		spaceInFlowMin: 0,
		spaceInFlowMax: 0,
		trackingSpaceMin: Infinity,
		negativeSpaceMax: -Infinity,
		notASpace: -Infinity,
		transform: null as M | null,
		hasEOL: false
	};
	twoLastChars = [' ', ' '];
	twoLastCharsPos = 0;
	currentTextState: TextState | null = null;
	stack: TextState[] = [];
	state: TextState;
	constructor(state: TextState) {
		this.state = state;
	}
}

function walk(
	ops: { fnArray: ArrayLike<number>; argsArray: ArrayLike<unknown> },
	OPS: TextOps,
	fontOf: (loadedName: string) => unknown,
	viewBox: number[],
	normalizeUnicode: (s: string) => string
): TextItem[] {
	const out: TextItem[] = [];
	let s = new Stream(new TextState());
	const boxFromGlyphs = new Map<FontData, boolean>();
	const outer: Stream[] = [];
	let annotation = 0;

	const textState = () => s.state;
	const saveLastChar = (char: string) => {
		const nextPos = (s.twoLastCharsPos + 1) % 2;
		const ret = s.twoLastChars[s.twoLastCharsPos] !== ' ' && s.twoLastChars[nextPos] === ' ';
		s.twoLastChars[s.twoLastCharsPos] = char;
		s.twoLastCharsPos = nextPos;
		return ret;
	};
	const shouldAddWhitespace = () => s.twoLastChars[s.twoLastCharsPos] !== ' ' && s.twoLastChars[(s.twoLastCharsPos + 1) % 2] === ' ';
	const resetLastChars = () => {
		s.twoLastChars[0] = s.twoLastChars[1] = ' ';
		s.twoLastCharsPos = 0;
	};
	const pushWhitespace = ({ width = 0, height = 0, transform: t = s.item.prevTransform }: { width?: number; height?: number; transform?: M | null }) => {
		out.push({ str: ' ', width, height, transform: t as M, hasEOL: false });
	};
	/**
	 * A Type 3 font whose box PDF.js may have taken from its glyphs' (Chromium prints: Skia writes the font's box
	 * as the union of its glyphs'): PDF.js then scales the glyphs' heights by that box (isCharBBox), and whether
	 * it did is not sent to the API side. Only heights change (transform c, d; never positions or widths): the
	 * walk reads the first way and checks at each decision a height takes part in that the other way decides
	 * alike, else the page is left to PDF.js.
	 */
	const ambiguous = () => {
		const ts = textState();
		return !!ts.font?.isType3Font && ts.fontSize > 1 && boxFromGlyphs.get(ts.font) === true;
	};
	const agree = (a: boolean, b: boolean) => {
		if (a !== b) throw new Unsupported('Type 3 font height');
		return a;
	};
	const getCurrentTextTransform = (alt = false): M => {
		const ts = textState();
		const font = ts.font!;
		const tsm: M = [ts.fontSize * ts.textHScale, 0, 0, ts.fontSize, 0, ts.textRise];
		const byBox = ts.fontSize <= 1 || (alt && ambiguous());
		if (font.isType3Font && byBox && !sameMatrix(ts.fontMatrix, FONT_IDENTITY)) {
			const bbox = font.bbox ?? [0, 0, 0, 0];
			const glyphHeight = bbox[3] - bbox[1];
			if (glyphHeight > 0) tsm[3] *= glyphHeight * ts.fontMatrix[3];
		}
		return mul(ts.ctm, mul(ts.textMatrix, tsm));
	};
	const ensureTextContentItem = () => {
		const it = s.item;
		if (it.initialized) return it;
		const ts = textState();
		const trm = (it.transform = getCurrentTextTransform());
		if (!ts.font!.vertical) {
			it.width = it.totalWidth = 0;
			it.height = it.totalHeight = Math.hypot(trm[2], trm[3]);
			if (ambiguous()) {
				const alt = getCurrentTextTransform(true);
				it.heightAlt = Math.hypot(alt[2], alt[3]);
			} else it.heightAlt = it.height;
			it.vertical = false;
		} else {
			it.width = it.totalWidth = Math.hypot(trm[0], trm[1]);
			it.height = it.totalHeight = it.heightAlt = 0;
			it.vertical = true;
		}
		const scaleLineX = Math.hypot(ts.textLineMatrix[0], ts.textLineMatrix[1]);
		const scaleCtmX = Math.hypot(ts.ctm[0], ts.ctm[1]);
		it.textAdvanceScale = scaleCtmX * scaleLineX;
		const { fontSize } = ts;
		it.trackingSpaceMin = fontSize * TRACKING_SPACE_FACTOR;
		it.notASpace = fontSize * NOT_A_SPACE_FACTOR;
		it.negativeSpaceMax = fontSize * NEGATIVE_SPACE_FACTOR;
		it.spaceInFlowMin = fontSize * SPACE_IN_FLOW_MIN_FACTOR;
		it.spaceInFlowMax = fontSize * SPACE_IN_FLOW_MAX_FACTOR;
		it.hasEOL = false;
		it.initialized = true;
		return it;
	};
	const updateAdvanceScale = () => {
		const it = s.item;
		if (!it.initialized) return;
		const ts = textState();
		const scaleFactor = Math.hypot(ts.ctm[0], ts.ctm[1]) * Math.hypot(ts.textLineMatrix[0], ts.textLineMatrix[1]);
		if (scaleFactor === it.textAdvanceScale) return;
		if (!it.vertical) {
			it.totalWidth += it.width * it.textAdvanceScale;
			it.width = 0;
		} else {
			it.totalHeight += it.height * it.textAdvanceScale;
			it.height = 0;
		}
		it.textAdvanceScale = scaleFactor;
	};
	const flushTextContentItem = () => {
		const it = s.item;
		if (!it.initialized) return;
		if (!it.vertical) it.totalWidth += it.width * it.textAdvanceScale;
		else it.totalHeight += it.height * it.textAdvanceScale;
		const str = normalizeUnicode(it.str.join(''));
		if (RTL.test(str)) throw new Unsupported('right-to-left text');
		out.push({ str, width: Math.abs(it.totalWidth), height: Math.abs(it.totalHeight), transform: it.transform!, hasEOL: it.hasEOL });
		it.initialized = false;
		it.str.length = 0;
	};
	const appendEOL = () => {
		resetLastChars();
		if (s.item.initialized) {
			s.item.hasEOL = true;
			flushTextContentItem();
		} else {
			out.push({ str: '', width: 0, height: 0, transform: getCurrentTextTransform(), hasEOL: true });
		}
	};
	const addFakeSpaces = (width: number, transf: M | null, textOrientation: number) => {
		const it = s.item;
		if (textOrientation * it.spaceInFlowMin <= width && width <= textOrientation * it.spaceInFlowMax) {
			if (it.initialized) {
				resetLastChars();
				it.str.push(' ');
			}
			return false;
		}
		let height = 0;
		if (it.vertical) {
			height = width;
			width = 0;
		}
		flushTextContentItem();
		resetLastChars();
		pushWhitespace({ width: Math.abs(width), height: Math.abs(height), transform: transf || getCurrentTextTransform() });
		return true;
	};
	const applyInverseRotation = (x: number, y: number, matrix: M): [number, number] => {
		const scale = Math.hypot(matrix[0], matrix[1]);
		return [(matrix[0] * x + matrix[1] * y) / scale, (matrix[2] * x + matrix[3] * y) / scale];
	};
	const compareWithLastPosition = (glyphWidth: number): boolean => {
		const ts = textState();
		const it = s.item;
		const currentTransform = getCurrentTextTransform();
		let posX = currentTransform[4];
		let posY = currentTransform[5];
		if (ts.font?.vertical) {
			if (posX < viewBox[0] || posX > viewBox[2] || posY + glyphWidth < viewBox[1] || posY > viewBox[3]) return false;
		} else if (posX + glyphWidth < viewBox[0] || posX > viewBox[2] || posY < viewBox[1] || posY > viewBox[3]) return false;
		if (!ts.font || !it.prevTransform) return true;
		let lastPosX = it.prevTransform[4];
		let lastPosY = it.prevTransform[5];
		if (lastPosX === posX && lastPosY === posY) return true;
		let rotate = -1;
		if (currentTransform[0] && currentTransform[1] === 0 && currentTransform[2] === 0) rotate = currentTransform[0] > 0 ? 0 : 180;
		else if (currentTransform[1] && currentTransform[0] === 0 && currentTransform[3] === 0) rotate = currentTransform[1] > 0 ? 90 : 270;
		switch (rotate) {
			case 0:
				break;
			case 90:
				[posX, posY] = [posY, posX];
				[lastPosX, lastPosY] = [lastPosY, lastPosX];
				break;
			case 180:
				[posX, posY, lastPosX, lastPosY] = [-posX, -posY, -lastPosX, -lastPosY];
				break;
			case 270:
				[posX, posY] = [-posY, -posX];
				[lastPosX, lastPosY] = [-lastPosY, -lastPosX];
				break;
			default:
				if (ambiguous()) throw new Unsupported('Type 3 font height in turned text');
				[posX, posY] = applyInverseRotation(posX, posY, currentTransform);
				[lastPosX, lastPosY] = applyInverseRotation(lastPosX, lastPosY, it.prevTransform);
		}
		if (ts.font.vertical) {
			const advanceY = (lastPosY - posY) / it.textAdvanceScale;
			const advanceX = posX - lastPosX;
			const textOrientation = Math.sign(it.height || it.totalHeight);
			if (advanceY < textOrientation * it.negativeSpaceMax) {
				if (Math.abs(advanceX) > 0.5 * it.width) {
					appendEOL();
					return true;
				}
				resetLastChars();
				flushTextContentItem();
				return true;
			}
			if (Math.abs(advanceX) > it.width) {
				appendEOL();
				return true;
			}
			if (advanceY <= textOrientation * it.notASpace) resetLastChars();
			if (advanceY <= textOrientation * it.trackingSpaceMin) {
				if (shouldAddWhitespace()) {
					resetLastChars();
					flushTextContentItem();
					pushWhitespace({ height: Math.abs(advanceY) });
				} else it.height += advanceY;
			} else if (!addFakeSpaces(advanceY, it.prevTransform, textOrientation)) {
				if (it.str.length === 0) {
					resetLastChars();
					pushWhitespace({ height: Math.abs(advanceY) });
				} else it.height += advanceY;
			}
			if (Math.abs(advanceX) > it.width * VERTICAL_SHIFT_RATIO) flushTextContentItem();
			return true;
		}
		const advanceX = (posX - lastPosX) / it.textAdvanceScale;
		const advanceY = posY - lastPosY;
		const textOrientation = Math.sign(it.width || it.totalWidth);
		// Horizontal items keep the height they began with: heightAlt is that height read the other way.
		const alt = it.heightAlt !== it.height;
		if (advanceX < textOrientation * it.negativeSpaceMax) {
			if (agree(Math.abs(advanceY) > 0.5 * it.height, Math.abs(advanceY) > 0.5 * it.heightAlt)) {
				appendEOL();
				return true;
			}
			resetLastChars();
			flushTextContentItem();
			return true;
		}
		const textRiseDelta = ts.textRise - it.prevTextRise;
		const advanceYCorrected = textRiseDelta === 0 ? advanceY : advanceY - (currentTransform[3] / ts.fontSize) * textRiseDelta;
		let breaks = Math.abs(advanceYCorrected) > it.height;
		if (alt || (textRiseDelta !== 0 && ambiguous())) {
			const corrected = textRiseDelta === 0 ? advanceY : advanceY - (getCurrentTextTransform(true)[3] / ts.fontSize) * textRiseDelta;
			breaks = agree(breaks, Math.abs(corrected) > it.heightAlt);
		}
		if (breaks) {
			appendEOL();
			return true;
		}
		if (advanceX <= textOrientation * it.notASpace) resetLastChars();
		if (advanceX <= textOrientation * it.trackingSpaceMin) {
			if (shouldAddWhitespace()) {
				resetLastChars();
				flushTextContentItem();
				pushWhitespace({ width: Math.abs(advanceX) });
			} else it.width += advanceX;
		} else if (!addFakeSpaces(advanceX, it.prevTransform, textOrientation)) {
			if (it.str.length === 0) {
				resetLastChars();
				pushWhitespace({ width: Math.abs(advanceX) });
			} else it.width += advanceX;
		}
		if (agree(Math.abs(advanceY) > it.height * VERTICAL_SHIFT_RATIO, Math.abs(advanceY) > it.heightAlt * VERTICAL_SHIFT_RATIO)) flushTextContentItem();
		return true;
	};
	const buildTextContentItem = (glyphs: Glyph[] | null, extraSpacing: number) => {
		const ts = textState();
		const cur = s.currentTextState!;
		if (cur !== ts && (cur.fontSize !== ts.fontSize || (cur.loadedName !== ts.loadedName && (cur.font?.name !== ts.font!.name || cur.font?.vertical !== ts.font!.vertical)))) {
			flushTextContentItem();
			s.currentTextState = ts.clone();
		}
		const font = ts.font!;
		const baseCharSpacing = font.vertical ? -ts.charSpacing : ts.charSpacing;
		if (!glyphs || glyphs.length === 0) {
			const charSpacing = baseCharSpacing + extraSpacing;
			if (charSpacing) {
				if (!font.vertical) ts.translateTextMatrix(charSpacing * ts.textHScale, 0);
				else ts.translateTextMatrix(0, -charSpacing);
			}
			return;
		}
		const scale = ts.fontMatrix[0] * ts.fontSize;
		for (let i = 0, ii = glyphs.length; i < ii; i++) {
			const glyph = glyphs[i];
			const category = glyph.category;
			if (!category) throw new Unsupported('glyph without its Unicode class');
			if (category.isInvisibleFormatMark) continue;
			let charSpacing = baseCharSpacing + (i + 1 === ii ? extraSpacing : 0);
			const glyphWidth = font.vertical ? glyph.vmetric![0] : glyph.width;
			let scaledDim = glyphWidth * scale;
			if (glyph.isSpace) charSpacing += ts.wordSpacing;
			if (category.isWhitespace) {
				if (!font.vertical) {
					charSpacing += scaledDim;
					ts.translateTextMatrix(charSpacing * ts.textHScale, 0);
				} else {
					charSpacing += -scaledDim;
					ts.translateTextMatrix(0, -charSpacing);
				}
				saveLastChar(' ');
				continue;
			}
			if (!category.isZeroWidthDiacritic && !compareWithLastPosition(scaledDim)) {
				if (!font.vertical) ts.translateTextMatrix(scaledDim * ts.textHScale, 0);
				else ts.translateTextMatrix(0, scaledDim);
				continue;
			}
			const textChunk = ensureTextContentItem();
			if (category.isZeroWidthDiacritic) scaledDim = 0;
			if (!font.vertical) {
				scaledDim *= ts.textHScale;
				ts.translateTextMatrix(scaledDim, 0);
				textChunk.width += scaledDim;
			} else {
				ts.translateTextMatrix(0, scaledDim);
				scaledDim = Math.abs(scaledDim);
				textChunk.height += scaledDim;
			}
			if (scaledDim) {
				textChunk.prevTransform = getCurrentTextTransform();
				textChunk.prevTextRise = ts.textRise;
			}
			if (saveLastChar(glyph.unicode)) textChunk.str.push(' ');
			textChunk.str.push(glyph.unicode);
			if (charSpacing) {
				if (!font.vertical) ts.translateTextMatrix(charSpacing * ts.textHScale, 0);
				else ts.translateTextMatrix(0, -charSpacing);
			}
		}
	};
	const fontFor = (loadedName: string): FontData => {
		const f = fontOf(loadedName) as FontData | null;
		if (!f || typeof f !== 'object' || typeof f.name !== 'string') throw new Unsupported('font not sent with its name');
		if (f.isType3Font && !boxFromGlyphs.has(f)) boxFromGlyphs.set(f, mayTakeBoxFromGlyphs(f, OPS.setCharWidthAndBounds));
		return f;
	};

	const { fnArray, argsArray } = ops;
	const read = readOps(OPS);
	for (let i = 0; i < fnArray.length; i++) {
		const fn = fnArray[i];
		// Most operators of a page are paths and colours: skipped before the switch below tests them one by one.
		if (!read.has(fn)) continue;
		const args = argsArray[i] as unknown[];
		if (annotation > 0) {
			// Annotations' appearances are drawn, not part of the page's text layer.
			if (fn === OPS.beginAnnotation) annotation++;
			else if (fn === OPS.endAnnotation) annotation--;
			continue;
		}
		s.currentTextState ??= s.state.clone();
		const ts = s.state;
		switch (fn) {
			case OPS.beginAnnotation:
				annotation++;
				break;
			case OPS.save:
				s.stack.push(s.state);
				s.state = s.state.clone();
				break;
			case OPS.restore:
				s.state = s.stack.pop() ?? s.state;
				break;
			case OPS.transform:
				ts.ctm = mul(ts.ctm, args as M);
				break;
			case OPS.setFont: {
				const [loadedName, size] = args as [string, number];
				if (ts.font && loadedName === ts.loadedName && size === ts.fontSize) break;
				if (outer.length > 0) throw new Unsupported('font set inside a form');
				ts.fontSize = size;
				ts.loadedName = loadedName;
				ts.font = fontFor(loadedName);
				ts.fontMatrix = ts.font.fontMatrix ? Array.from(ts.font.fontMatrix) : FONT_IDENTITY;
				break;
			}
			case OPS.setTextRise:
				ts.textRise = args[0] as number;
				break;
			case OPS.setHScale:
				ts.textHScale = (args[0] as number) / 100;
				break;
			case OPS.setLeading:
				ts.leading = args[0] as number;
				break;
			case OPS.moveText:
				ts.translateTextLineMatrix(args[0] as number, args[1] as number);
				ts.textMatrix = ts.textLineMatrix.slice();
				break;
			case OPS.setLeadingMoveText:
				ts.leading = -(args[1] as number);
				ts.translateTextLineMatrix(args[0] as number, args[1] as number);
				ts.textMatrix = ts.textLineMatrix.slice();
				break;
			case OPS.nextLine:
				ts.carriageReturn();
				break;
			case OPS.setTextMatrix: {
				const m = Array.from((args[0] ?? args) as ArrayLike<number>, fromFloat32);
				ts.textMatrix = m.slice();
				ts.textLineMatrix = m.slice();
				updateAdvanceScale();
				break;
			}
			case OPS.setCharSpacing:
				ts.charSpacing = args[0] as number;
				break;
			case OPS.setWordSpacing:
				ts.wordSpacing = args[0] as number;
				break;
			case OPS.beginText:
				ts.textMatrix = [1, 0, 0, 1, 0, 0];
				ts.textLineMatrix = [1, 0, 0, 1, 0, 0];
				break;
			case OPS.showText: {
				if (!ts.font) break;
				// A TJ array arrives as glyphs and numbers: a run of glyphs up to a non-zero number is shown with
				// that number's shift after its last glyph, as getTextContent does with the array's strings.
				const list = args[0] as (Glyph | number)[];
				let run: Glyph[] = [];
				let spaced = false;
				for (const g of list) {
					if (typeof g === 'number') {
						spaced = true;
						if (g === 0) continue;
						buildTextContentItem(run, g * (((ts.font.vertical ? 1 : -1) * ts.fontSize) / 1000));
						run = [];
					} else run.push(g);
				}
				if (!spaced || run.length > 0) buildTextContentItem(run, 0);
				break;
			}
			case OPS.showSpacedText:
			case OPS.nextLineShowText:
			case OPS.nextLineSetSpacingShowText:
				// PDF.js's operator list turns these into showText; met raw, they are not understood here.
				throw new Unsupported('raw text operator');
			case OPS.setGState:
				if ((args[0] as [string, unknown][]).some((e) => Array.isArray(e) && e[0] === 'Font')) throw new Unsupported('font set by a graphics state');
				break;
			case OPS.beginMarkedContent:
			case OPS.beginMarkedContentProps:
			case OPS.endMarkedContent:
			case OPS.beginGroup:
			case OPS.paintImageXObject:
			case OPS.paintImageXObjectRepeat:
				flushTextContentItem();
				break;
			case OPS.paintImageMaskXObject:
			case OPS.paintImageMaskXObjectGroup:
			case OPS.paintImageMaskXObjectRepeat:
			case OPS.paintSolidColorImageMask:
			case OPS.paintInlineImageXObject:
			case OPS.paintInlineImageXObjectGroup:
				// An image XObject ends a text item in getTextContent, an inline image does not, and the list
				// does not say which this one was.
				if (s.item.initialized) throw new Unsupported('image in a text run');
				break;
			case OPS.paintFormXObjectBegin: {
				flushTextContentItem();
				const state = ts.clone();
				const m = args[0];
				if (Array.isArray(m) || ArrayBuffer.isView(m)) state.ctm = mul(state.ctm, Array.from(m as ArrayLike<number>));
				outer.push(s);
				s = new Stream(state);
				break;
			}
			case OPS.paintFormXObjectEnd:
				flushTextContentItem();
				s = outer.pop() ?? s;
				break;
		}
	}
	while (outer.length) {
		flushTextContentItem();
		s = outer.pop()!;
	}
	flushTextContentItem();
	return out;
}

/** The operators the walk above acts on (all of TextOps but the Type 3 glyph box, which is read from fonts). */
const WALKED: (keyof TextOps)[] = [
	'save', 'restore', 'transform', 'setFont', 'setTextRise', 'setHScale', 'setLeading', 'moveText', 'setLeadingMoveText', 'nextLine',
	'setTextMatrix', 'setCharSpacing', 'setWordSpacing', 'beginText', 'endText', 'showText', 'showSpacedText', 'nextLineShowText',
	'nextLineSetSpacingShowText', 'setGState', 'beginMarkedContent', 'beginMarkedContentProps', 'endMarkedContent',
	'paintFormXObjectBegin', 'paintFormXObjectEnd', 'paintImageXObject', 'paintImageXObjectRepeat', 'paintImageMaskXObject',
	'paintImageMaskXObjectGroup', 'paintImageMaskXObjectRepeat', 'paintSolidColorImageMask', 'paintInlineImageXObject',
	'paintInlineImageXObjectGroup', 'beginAnnotation', 'endAnnotation', 'beginGroup'
];
const readSets = new WeakMap<TextOps, Set<number>>();
function readOps(OPS: TextOps): Set<number> {
	let set = readSets.get(OPS);
	if (!set) {
		set = new Set(WALKED.map((k) => OPS[k]));
		readSets.set(OPS, set);
	}
	return set;
}

/**
 * Whether PDF.js may have taken a Type 3 font's box from its glyphs' boxes (then it scales item heights by it,
 * and the API side is not told): when the box it sent is exactly the union of its glyphs' d1 boxes.
 */
function mayTakeBoxFromGlyphs(f: FontData, d1: number): boolean {
	const procs = f.charProcOperatorList;
	const bbox = f.bbox;
	if (!procs || !bbox) return true;
	let u: number[] | null = null;
	for (const ir of procs.values()) {
		if (ir.fnArray?.[0] !== d1) continue;
		const a = ir.argsArray[0] as number[] | undefined;
		if (!a || a.length < 6) continue;
		const [x0, x1] = a[2] <= a[4] ? [a[2], a[4]] : [a[4], a[2]];
		const [y0, y1] = a[3] <= a[5] ? [a[3], a[5]] : [a[5], a[3]];
		if (x1 - x0 === 0 || y1 - y0 === 0) continue;
		u = u ? [Math.min(u[0], x0), Math.min(u[1], y0), Math.max(u[2], x1), Math.max(u[3], y1)] : [x0, y0, x1, y1];
	}
	if (!u) return Math.hypot(bbox[2] - bbox[0], bbox[3] - bbox[1]) === 0;
	return u.every((x, k) => Math.abs(x - bbox[k]) < 1e-9) || Math.hypot(bbox[2] - bbox[0], bbox[3] - bbox[1]) === 0;
}
