// A minimal LSP client for the editor tests: what an editor sends to a language server over stdio,
// and what it keeps of the answers.
import { spawn } from 'node:child_process';

/** A minimal LSP client: Content-Length framed JSON-RPC over the server's stdin and stdout. */
export class Client {
  /**
   * Starts `args` (a server script and its arguments) under node; `settings(section)` answers the
   * server's `workspace/configuration` requests.
   */
  constructor(args, settings = () => null) {
    this.settings = settings;
    this.child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    this.buffer = Buffer.alloc(0);
    this.nextId = 1;
    this.pending = new Map();
    this.diagnostics = new Map();
    this.diagnosticWaiters = [];
    this.stderr = '';
    this.child.stderr.on('data', (d) => { this.stderr += d; });
    this.child.stdout.on('data', (chunk) => this.receive(chunk));
    // A server that stops answers nothing more: say so rather than wait.
    this.child.on('exit', (code, signal) => {
      for (const { reject } of this.pending.values()) {
        reject(new Error(`the server stopped (${signal ?? code}): ${this.stderr.slice(-2000)}`));
      }
      this.pending.clear();
    });
  }

  receive(chunk) {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString())[1]);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const message = JSON.parse(this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8'));
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      this.handle(message);
    }
  }

  handle(message) {
    if (message.id !== undefined && message.method === undefined) {
      const { resolve, reject } = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.error) reject(new Error(message.error.message)); else resolve(message.result);
    } else if (message.id !== undefined) {
      // A request from the server: its settings, or anything else an editor would answer.
      const result = message.method === 'workspace/configuration'
        ? message.params.items.map((item) => this.settings(item.section))
        : null;
      this.send({ jsonrpc: '2.0', id: message.id, result });
    } else if (message.method === 'textDocument/publishDiagnostics') {
      this.diagnostics.set(message.params.uri, message.params.diagnostics);
      for (const waiter of this.diagnosticWaiters) waiter();
    }
  }

  send(message) {
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    this.child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.child.stdin.write(body);
  }

  request(method, params) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.send({ jsonrpc: '2.0', id, method, params });
    });
  }

  notify(method, params) {
    this.send({ jsonrpc: '2.0', method, params });
  }

  /** The diagnostics the server publishes for `uri` once `accept` takes them, within 20 s. */
  async diagnosticsFor(uri, accept) {
    const deadline = Date.now() + 20000;
    while (Date.now() < deadline) {
      const found = this.diagnostics.get(uri);
      if (found && accept(found)) return found;
      await new Promise((resolve) => {
        const timer = setTimeout(resolve, 250);
        this.diagnosticWaiters.push(() => { clearTimeout(timer); resolve(); });
      });
      this.diagnosticWaiters = [];
    }
    return this.diagnostics.get(uri) ?? [];
  }
}
