// The TOML language server taplo, as editors run it (`@taplo/lsp`, the build that the VS Code
// extension "Even Better TOML" runs), served over stdio with LSP's Content-Length framing, so
// that the test drives it exactly as it drives yaml-language-server. The npm build of taplo's own
// command line (`@taplo/cli`) leaves its `lsp stdio` command out.
//
//   node tests/lsp/taplo-stdio.mjs
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import taploLsp from '@taplo/lsp';

const environment = {
  now: () => new Date(),
  envVar: (name) => process.env[name],
  envVars: () => Object.entries(process.env),
  stdErrAtty: () => false,
  // The protocol owns stdin and stdout; anything the server prints goes to stderr.
  stdin: async () => new Uint8Array(),
  stdout: async (bytes) => process.stderr.write(bytes) && bytes.length,
  stderr: async (bytes) => process.stderr.write(bytes) && bytes.length,
  glob: () => [],
  readFile: (file) => fs.promises.readFile(file),
  writeFile: (file, bytes) => fs.promises.writeFile(file, bytes),
  urlToFilePath: (url) => (url.startsWith('file:') ? fileURLToPath(url) : undefined),
  isAbsolute: (file) => path.isAbsolute(file),
  cwd: () => process.cwd(),
  findConfigFile: (from) =>
    ['.taplo.toml', 'taplo.toml'].map((name) => path.join(from, name)).find((file) => fs.existsSync(file)),
  // Schemas come from the project's own files; the test reaches no network (taplo asks for the
  // public schema catalog when it starts).
  fetch: {
    fetch: async (url) => { throw new Error(`not fetched: ${url}`); },
    Headers,
    Request,
    Response,
  },
};

function write(message) {
  const body = Buffer.from(JSON.stringify(message), 'utf8');
  process.stdout.write(`Content-Length: ${body.length}\r\n\r\n`);
  process.stdout.write(body);
}

const lsp = await taploLsp.TaploLsp.initialize(environment, { onMessage: write });

let buffer = Buffer.alloc(0);
process.stdin.on('data', (chunk) => {
  buffer = Buffer.concat([buffer, chunk]);
  for (;;) {
    const headerEnd = buffer.indexOf('\r\n\r\n');
    if (headerEnd < 0) return;
    const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, headerEnd).toString())[1]);
    if (buffer.length < headerEnd + 4 + length) return;
    const message = JSON.parse(buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8'));
    buffer = buffer.subarray(headerEnd + 4 + length);
    lsp.send(message);
  }
});
process.stdin.on('end', () => process.exit(0));
