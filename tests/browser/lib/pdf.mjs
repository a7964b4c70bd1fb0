// Printing a page to PDF in Chromium and reading the PDF back with poppler-utils
// (pdfinfo, pdftotext; scripts/test installs them).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

/** A4 in PostScript points (210 × 297 mm). */
export const A4 = { width: 595.28, height: 841.89 };

/**
 * Prints `page` (with its print style sheet) as a tagged A4 PDF with an outline (bookmarks from
 * the headings) into `file`.
 */
export async function printPdf(page, file) {
  await page.pdf({ path: file, format: 'A4', tagged: true, outline: true, printBackground: true });
  return file;
}

function poppler(cmd, args) {
  const result = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (result.error) {
    throw new Error(`could not run ${cmd}: ${result.error.message}` +
      (result.error.code === 'ENOENT' ? ' (install poppler-utils, or run scripts/test, which does)' : ''));
  }
  if (result.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${result.status}:\n${result.stderr}`);
  return result.stdout;
}

/**
 * What pdfinfo says about `file`: {tagged, pages, width, height (points, of the first page),
 * title, outline (whether the document has bookmarks)}.
 */
export function pdfInfo(file) {
  const out = poppler('pdfinfo', [file]);
  const field = (name) => (out.match(new RegExp(`^${name}:\\s*(.*)$`, 'm')) ?? [])[1]?.trim();
  const size = (field('Page size') ?? '').match(/([\d.]+) x ([\d.]+) pts/);
  return {
    tagged: field('Tagged') === 'yes',
    pages: Number(field('Pages')),
    width: size ? Number(size[1]) : NaN,
    height: size ? Number(size[2]) : NaN,
    title: field('Title') ?? '',
    // The document catalogue names an outline only when there are bookmarks.
    outline: fs.readFileSync(file).includes('/Outlines'),
    raw: out,
  };
}

/** Whether a page of `width` × `height` points is A4 upright (within a point). */
export function isA4({ width, height }) {
  return Math.abs(width - A4.width) < 1.5 && Math.abs(height - A4.height) < 1.5;
}

/** The text of page `n` (from 1), laid out as printed (`pdftotext -layout`). */
export function pageText(file, n) {
  return poppler('pdftotext', ['-f', String(n), '-l', String(n), '-layout', file, '-']);
}

/** Text with every run of white space as one space, for finding phrases that wrap. */
export function flat(text) {
  return text.replace(/\s+/g, ' ').trim();
}

/** The text of every page, in order: index 0 is page 1. */
export function pagesText(file) {
  const { pages } = pdfInfo(file);
  return Array.from({ length: pages }, (_, i) => pageText(file, i + 1));
}

/** The pages (from 1) whose text holds `phrase` (white space flattened). */
export function pagesWith(pages, phrase) {
  const want = flat(phrase);
  return pages.map((t, i) => (flat(t).includes(want) ? i + 1 : 0)).filter(Boolean);
}

/** The first non-empty lines of a page's text, flattened: what is printed at its top. */
export function topOf(text, lines = 2) {
  return flat(text.split('\n').filter((l) => l.trim()).slice(0, lines).join(' '));
}
