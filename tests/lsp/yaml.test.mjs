// Editor completion with the committed schemas, in the real yaml-language-server (the one VS Code's
// YAML extension, Neovim and Helix run), driven over LSP stdio as an editor drives it. Each file
// names its schema on its first line, as `leskit new` writes it.
//
//   node --test tests/lsp/
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from './client.mjs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const serverBin = path.join(root, 'node_modules/yaml-language-server/bin/yaml-language-server');

const yamlSettings = { validate: true, completion: true, hover: true, format: { enable: false } };

let client;
let project;
let version = 1;

before(async () => {
  project = fs.mkdtempSync(path.join(os.tmpdir(), 'leskit-lsp-'));
  fs.cpSync(path.join(root, 'schema'), path.join(project, 'schema'), { recursive: true });
  client = new Client([serverBin, '--stdio'], (section) => (section === 'yaml' ? yamlSettings : null));
  await client.request('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(project).href,
    capabilities: {
      workspace: { configuration: true },
      textDocument: {
        completion: { completionItem: { snippetSupport: true } },
        publishDiagnostics: {},
      },
    },
    workspaceFolders: [{ uri: pathToFileURL(project).href, name: 'project' }],
  });
  client.notify('initialized', {});
  client.notify('workspace/didChangeConfiguration', { settings: { yaml: yamlSettings } });
});

after(() => {
  client?.child.kill();
  if (project) fs.rmSync(project, { recursive: true, force: true });
});

/**
 * Opens `file` (relative to the project) with `text`, in which `|` marks the cursor, and returns
 * the completion items offered there.
 */
async function completeAt(file, text) {
  const offset = text.indexOf('|');
  assert.ok(offset >= 0, 'the text marks the cursor with |');
  const content = text.slice(0, offset) + text.slice(offset + 1);
  const before = content.slice(0, offset).split('\n');
  const position = { line: before.length - 1, character: before[before.length - 1].length };
  const uri = open(file, content);
  const result = await client.request('textDocument/completion', { textDocument: { uri }, position });
  return Array.isArray(result) ? result : result?.items ?? [];
}

function open(file, content) {
  const full = path.join(project, file);
  fs.mkdirSync(path.dirname(full), { recursive: true });
  fs.writeFileSync(full, content);
  const uri = pathToFileURL(full).href;
  client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: version++, text: content } });
  return uri;
}

const modeline = (kind, depth = 1) => `# yaml-language-server: $schema=${'../'.repeat(depth)}schema/${kind}.schema.json\n`;

/** Asserts that every key in `expected` is offered, and that no inserted text writes `null`. */
function assertOffers(items, expected, where) {
  const labels = items.map((i) => i.label);
  for (const key of expected) {
    assert.ok(labels.includes(key), `${where}: \`${key}\` is offered (offered: ${labels.join(', ') || 'nothing'})`);
  }
  for (const item of items) {
    const inserted = item.textEdit?.newText ?? item.insertText ?? item.label;
    assert.doesNotMatch(inserted, /\bnull\b/, `${where}: completing \`${item.label}\` inserts ${JSON.stringify(inserted)}`);
  }
}

test('a module: every top-level key, the keys of a page and of a block', async () => {
  const top = await completeAt('modules/m.yaml', `${modeline('module')}id: m\n|\n`);
  assertOffers(top, ['title', 'version', 'source', 'pages', 'pass_mark', 'reviewed', 'description', 'language'], 'module top level');

  const page = await completeAt('modules/m.yaml', `${modeline('module')}id: m\npages:\n  - id: start\n    |\n`);
  assertOffers(page, ['title', 'body', 'blocks'], 'a page');

  const block = await completeAt('modules/m.yaml', `${modeline('module')}id: m\npages:\n  - id: start\n    title: Start\n    blocks:\n      - |\n`);
  assertOffers(block, ['image', 'tip', 'warning', 'signals', 'contact', 'quiz', 'text'], 'a block');
});

test('a quiz: every top-level key, the keys of a case and of a question', async () => {
  const top = await completeAt('quizzes/q.yaml', `${modeline('quiz')}|\n`);
  assertOffers(top, ['id', 'title', 'intro', 'cases'], 'quiz top level');

  const kase = await completeAt('quizzes/q.yaml', `${modeline('quiz')}id: q\ntitle: Q\ncases:\n  - id: c\n    |\n`);
  assertOffers(kase, ['title', 'text', 'questions', 'young_person', 'professional', 'conclusion'], 'a case');

  const question = await completeAt('quizzes/q.yaml',
    `${modeline('quiz')}id: q\ntitle: Q\ncases:\n  - id: c\n    title: C\n    text: T\n    questions:\n      - id: v\n        |\n`);
  assertOffers(question, ['kind', 'prompt', 'options', 'points', 'signals', 'explanation', 'steps', 'endings'], 'a question');
});

test('a course: every top-level key and the keys of its rules', async () => {
  const top = await completeAt('courses/c.yaml', `${modeline('course')}|\n`);
  assertOffers(top, ['id', 'title', 'description', 'version', 'language', 'modules', 'rules'], 'course top level');

  const rules = await completeAt('courses/c.yaml', `${modeline('course')}id: c\nrules:\n  |\n`);
  assertOffers(rules, ['prerequisites', 'final_test', 'pass_mark'], 'course rules');
});

test('content files: the list key and the keys of an entry', async () => {
  for (const [kind, list, keys] of [
    ['contacts', 'contacts', ['name', 'description', 'phone', 'url', 'hours', 'whatsapp']],
    ['sources', 'sources', ['title']],
    ['signals', 'signals', ['text', 'explanation']],
  ]) {
    const top = await completeAt(`content/${kind}.yaml`, `${modeline(kind)}|\n`);
    assertOffers(top, [list], `${kind} top level`);
    const entry = await completeAt(`content/${kind}.yaml`, `${modeline(kind)}${list}:\n  - id: x\n    |\n`);
    assertOffers(entry, keys, `an entry of ${kind}`);
  }
});

test('completion shows defaults in the descriptions', async () => {
  const top = await completeAt('modules/m.yaml', `${modeline('module')}id: m\n|\n`);
  const passMark = top.find((i) => i.label === 'pass_mark');
  const doc = typeof passMark.documentation === 'string' ? passMark.documentation : passMark.documentation?.value;
  assert.match(doc ?? '', /Default: `80`/, JSON.stringify(passMark));
});

test('an unknown key is underlined where it stands', async () => {
  const text = `${modeline('quiz')}id: q\ntitle: Q\ncases:\n  - id: c\n    title: C\n    text: T\n    feedbak: x\n    questions: []\n`;
  const uri = open('quizzes/unknown.yaml', text);
  const found = await client.diagnosticsFor(uri, (list) => list.some((d) => /feedbak/.test(d.message)));
  const unknown = found.find((d) => /feedbak/.test(d.message));
  assert.ok(unknown, `a diagnostic names \`feedbak\` (got ${JSON.stringify(found)}; server said ${client.stderr})`);
  assert.equal(unknown.range.start.line, 7);
  assert.equal(unknown.range.start.character, 4);
});
