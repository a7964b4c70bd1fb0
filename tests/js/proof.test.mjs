// Unit tests of what the printable proof of participation says (templates/page/proof.mjs, the pure
// core): the learner's name, time spent, the date in words, and what the proof is about.
//
//   node --test tests/js/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as core from '../../templates/page/core.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const strings = JSON.parse(fs.readFileSync(path.join(root, 'templates/strings.json'), 'utf8'));
const NL = strings.nl;
const EN = strings.en;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

test('names given as "Last, First" are shown "First Last"; others as given, trimmed', () => {
  assert.equal(core.displayName('Jansen, Anna'), 'Anna Jansen');
  assert.equal(core.displayName('  Vries,   Jan de  '), 'Jan de Vries');
  assert.equal(core.displayName('Anna Jansen'), 'Anna Jansen');
  assert.equal(core.displayName('  Anna   Jansen '), 'Anna Jansen');
  assert.equal(core.displayName('Jansen, Anna, B.Sc.'), 'Jansen, Anna, B.Sc.', 'more than one comma: as given');
  assert.equal(core.displayName('Jansen,'), 'Jansen');
  assert.equal(core.displayName(''), '');
  assert.equal(core.displayName(undefined), '');
  assert.equal(core.displayName(null), '');
});

test('SCORM 1.2 total_time (CMITimespan) is read in milliseconds', () => {
  assert.equal(core.parseTimespan12('0001:05:30.50'), HOUR + 5 * MINUTE + 30_500);
  assert.equal(core.parseTimespan12('00:12:00'), 12 * MINUTE);
  assert.equal(core.parseTimespan12('0000:00:00.00'), 0);
  for (const bad of ['', 'PT1H', '1:00:00', '00:00', 'abc', undefined]) assert.equal(core.parseTimespan12(bad), 0, String(bad));
  // What the shell writes reads back.
  assert.equal(core.parseTimespan12(core.timespan12(3 * HOUR + 7 * MINUTE + 1230)), 3 * HOUR + 7 * MINUTE + 1230);
});

test('SCORM 2004 total_time (ISO 8601 duration) is read in milliseconds', () => {
  assert.equal(core.parseDuration2004('PT1H5M3.5S'), HOUR + 5 * MINUTE + 3500);
  assert.equal(core.parseDuration2004('PT0H0M0S'), 0);
  assert.equal(core.parseDuration2004('PT90M'), 90 * MINUTE);
  assert.equal(core.parseDuration2004('P1DT2H'), 26 * HOUR);
  assert.equal(core.parseDuration2004('P0Y0M0DT0H12M0S'), 12 * MINUTE);
  for (const bad of ['', 'P', 'PT', 'P1DT', '00:12:00', 'PT1.5.5S', 'T1H', undefined]) {
    assert.equal(core.parseDuration2004(bad), 0, String(bad));
  }
  assert.equal(core.parseDuration2004(core.duration2004(2 * HOUR + 59_990)), 2 * HOUR + 59_990);
});

test('time spent in words, to the minute, in both languages', () => {
  assert.equal(core.durationWords(HOUR + 5 * MINUTE, NL), '1 uur 5 minuten');
  assert.equal(core.durationWords(12 * MINUTE, NL), '12 minuten');
  assert.equal(core.durationWords(MINUTE, NL), '1 minuut');
  assert.equal(core.durationWords(2 * HOUR, NL), '2 uur');
  assert.equal(core.durationWords(2 * HOUR + MINUTE + 29_000, NL), '2 uur 1 minuut');
  assert.equal(core.durationWords(11 * MINUTE + 31_000, NL), '12 minuten', 'rounded to the nearest minute');
  assert.equal(core.durationWords(59_000, NL), 'minder dan een minuut');
  assert.equal(core.durationWords(0, NL), 'minder dan een minuut');
  assert.equal(core.durationWords(HOUR + 5 * MINUTE, EN), '1 hour 5 minutes');
  assert.equal(core.durationWords(2 * HOUR + MINUTE, EN), '2 hours 1 minute');
  assert.equal(core.durationWords(30_000, EN), 'less than a minute');
});

test('the date in words, in the local calendar, in both languages', () => {
  assert.equal(core.dateWords(new Date(2026, 10, 29, 23, 59), NL), '29 november 2026');
  assert.equal(core.dateWords(new Date(2027, 0, 1, 0, 0), NL), '1 januari 2027');
  assert.equal(core.dateWords(new Date(2026, 2, 3), EN), '3 March 2026');
  for (const S of [NL, EN]) assert.equal(S.proof_months.split(',').length, 12);
});

const moduleData = (extra = {}) => ({
  module: { id: 'voorbeeld', title: 'Signalen herkennen', version: '1.2.0' },
  pages: [{ id: 'welkom' }, { id: 'oefenen' }],
  quizzes: { 'voorbeeld-quiz': [] },
  ...extra,
});
// As leskit builds a course's final test: the last SCO, one page and one quiz named after it,
// marked as the final test.
const finalTest = {
  module: { id: 'eindtoets', title: 'Eindtoets', version: '2.0.0' },
  pages: [{ id: 'eindtoets' }],
  quizzes: { eindtoets: [] },
  course: { id: 'cursus', title: 'Achterlating voorkomen', previous: true, next: false, nextNeedsThis: false, finalTest: true },
};

test('the proof is about the module, in a course the module, and for a final test the course', () => {
  assert.deepEqual({ ...core.proofSubject(moduleData()) }, { title: 'Signalen herkennen', version: '1.2.0', course: null });
  const inCourse = moduleData({ course: { id: 'cursus', title: 'Achterlating voorkomen', previous: false, next: true } });
  assert.deepEqual({ ...core.proofSubject(inCourse) }, { title: 'Signalen herkennen', version: '1.2.0', course: 'Achterlating voorkomen' });
  assert.equal(core.isFinalTest(finalTest), true);
  assert.deepEqual({ ...core.proofSubject(finalTest) }, { title: 'Achterlating voorkomen', version: '2.0.0', course: null });
  // A last module of a course that is not a final test stays a module.
  const lastModule = moduleData({ course: { ...finalTest.course, finalTest: false } });
  assert.equal(core.isFinalTest(lastModule), false);
  assert.equal(core.isFinalTest({ ...finalTest, course: undefined }), false, 'no course, no final test');
});

test('the proof text: statement, facts and disclaimer; nothing claimed beyond them', () => {
  const base = {
    name: 'Anna Jansen', subject: { title: 'Signalen herkennen', version: '1.2.0', course: null },
    date: new Date(2026, 10, 29), scored: true, score: 90, passMark: 80, spent: HOUR + 5 * MINUTE, standalone: false, language: 'nl',
  };
  const t = core.proofText(base, NL);
  assert.equal(t.statement, 'Anna Jansen heeft de e-learning Signalen herkennen (versie 1.2.0) afgerond.');
  assert.equal(t.course, null);
  assert.deepEqual(Array.from(t.facts, (f) => [...f]), [
    ['Datum', '29 november 2026'],
    ['Score', '90\u00a0% (nodig om te slagen: 80\u00a0%)'],
    ['Bestede tijd', '1 uur 5 minuten'],
  ]);
  assert.equal(t.disclaimer, 'Dit bewijs is afgedrukt vanuit de e-learning zelf. Het officiële overzicht van je resultaten staat in de leeromgeving van je organisatie.');

  const anonymous = core.proofText({ ...base, name: '', scored: false, subject: { ...base.subject, course: 'Achterlating voorkomen' } }, NL);
  assert.equal(anonymous.statement, 'De deelnemer heeft de e-learning Signalen herkennen (versie 1.2.0) afgerond.');
  assert.equal(anonymous.course, 'Deze module hoort bij de cursus Achterlating voorkomen.');
  assert.deepEqual(Array.from(anonymous.facts, (f) => f[0]), ['Datum', 'Bestede tijd'], 'no score for a module without one');

  // Dutch writes a decimal comma and a space before the per cent sign.
  assert.equal(core.proofText({ ...base, score: 3.33, passMark: 62.5 }, NL).facts[1][1], '3,33\u00a0% (nodig om te slagen: 62,5\u00a0%)');

  const standalone = core.proofText({ ...base, standalone: true }, NL);
  assert.notEqual(standalone.disclaimer, t.disclaimer, 'without an LMS the proof does not point to one');
  assert.match(standalone.disclaimer, /niet verbonden met een leeromgeving/);

  const en = core.proofText(base, EN);
  assert.equal(en.statement, 'Anna Jansen has completed the e-learning Signalen herkennen (version 1.2.0).');
  assert.deepEqual(Array.from(en.facts, (f) => [...f]), [['Date', '29 November 2026'], ['Score', '90% (needed to pass: 80%)'], ['Time spent', '1 hour 5 minutes']]);

  // The organisation leskit.toml names comes first; without one there is no such row (above).
  const organised = core.proofText({ ...base, organisation: 'Gemeente Zuidstad' }, NL);
  assert.deepEqual(Array.from(organised.facts, (f) => [...f])[0], ['Organisatie', 'Gemeente Zuidstad']);
  assert.deepEqual(Array.from(organised.facts, (f) => f[0]), ['Organisatie', 'Datum', 'Score', 'Bestede tijd']);
  assert.deepEqual([...core.proofText({ ...base, organisation: 'City of Zuidstad' }, EN).facts[0]], ['Organisation', 'City of Zuidstad']);

  // No certificate language, in either language.
  for (const S of [NL, EN]) {
    const all = Object.entries(S).filter(([k]) => k.startsWith('proof_')).map(([, v]) => v).join(' ');
    assert.doesNotMatch(all, /certific|gecertificeerd|handtekening|signature|diploma/i);
  }
});
