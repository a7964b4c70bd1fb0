// Writes a leskit project that makes the resume state (suspend_data) as long as
// the format allows, for the SCORM 1.2 bound of 4,096 characters:
//   - 200 pages (the most a module may have), each id 32 characters;
//   - one quiz of 100 questions (the most a case may have):
//       10 multiple-response questions with 26 options (the most), ids of 32
//          characters, half of them right, so choosing all is wrong;
//       90 scenarios of 26 steps (the most), each step with two choices: the
//          first ends poorly at once, the second leads on, so the longest path
//          takes 26 decisions and ends well.
// Ids are as long as the rules allow: 32 characters, and quiz + question + step
// within the 64 characters of an LMS record (with the ".rNN" of a retry).
// The state is hashed per id, so the ids' length does not change its size; the
// number of pages, answers, options and decisions does:
//   200 pages x 2 + 10 x (5 + 6) + 90 x (5 + 26) + separators = about 3,400.
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './leskit.mjs';

const pad = (text, width) => text.padEnd(width, 'x').slice(0, width);

export function writeBoundProject(dir, { pages = 200, multiple = 10, scenarios = 90 } = {}) {
  const quizId = pad('grens-toets-honderd-vragen', 26);
  fs.mkdirSync(path.join(dir, 'modules'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'quizzes'));
  fs.cpSync(path.join(REPO_ROOT, 'examples/minimal/content'), path.join(dir, 'content'), { recursive: true });

  const module = [
    'id: grens',
    'title: De grens van suspend_data',
    'language: nl',
    'version: 1.0.0',
    'source: kis-toolkit-2025',
    'pass_mark: 80',
    'allow_retry: true',
    'pages:',
  ];
  for (let p = 0; p < pages; p++) {
    module.push(`  - id: ${pad(`pagina-${p}-`, 32)}`, `    title: Pagina ${p + 1}`, `    body: Tekst van pagina ${p + 1}.`);
    if (p === pages - 1) module.push('    blocks:', `      - quiz: ${quizId}`);
  }
  fs.writeFileSync(path.join(dir, 'modules/grens.yaml'), module.join('\n') + '\n');

  const quiz = [`id: ${quizId}`, 'title: Honderd vragen', 'cases:', '  - id: casus', '    title: Een casus', '    text: Een verzonnen casus.', '    questions:'];
  for (let n = 0; n < multiple; n++) {
    quiz.push(`      - id: ${pad(`meer-${n}-`, 32)}`, '        kind: multiple', `        prompt: Vraag ${n + 1}, welke kloppen?`, '        options:');
    for (let o = 0; o < 26; o++) {
      quiz.push(`          - id: ${pad(`optie-${String.fromCharCode(97 + o)}-`, 32)}`, `            text: Optie ${o + 1}`);
      if (o % 2 === 0) quiz.push('            correct: true');
    }
  }
  for (let n = 0; n < scenarios; n++) {
    const stepId = (s) => pad(`s${s}-`, 16);
    quiz.push(`      - id: ${pad(`scen-${n}-`, 16)}`, '        kind: branching', `        prompt: Scenario ${n + 1}.`, `        start: ${stepId(0)}`, '        steps:');
    for (let s = 0; s < 26; s++) {
      quiz.push(`          - id: ${stepId(s)}`, `            text: Stap ${s + 1}.`, '            choices:',
        `              - id: ${pad('stoppen-', 32)}`, '                text: Je wacht af.', '                next: kort',
        `              - id: ${pad('doorgaan-', 32)}`, '                text: Je vraagt door.', `                next: ${s === 25 ? 'goed' : stepId(s + 1)}`);
    }
    quiz.push('        endings:',
      '          - id: goed', '            outcome: good', '            feedback: Op tijd.', '            points: 1',
      '          - id: kort', '            outcome: poor', '            feedback: Te vroeg gestopt.', '            points: 0');
  }
  fs.writeFileSync(path.join(dir, `quizzes/${quizId}.yaml`), quiz.join('\n') + '\n');
  return { dir, pages, questions: multiple + scenarios };
}
