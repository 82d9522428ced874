/**
 * A frame the server cannot read (issue #21): it says why in one line on stderr and exits with a
 * non-zero code, so that the client restarts it, instead of staying alive and silent forever.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, it } from 'node:test';
import { SERVER } from './client';

interface Run {
  /** How the process ended: `exit N`, or `alive` if it was still running after the wait. */
  end: string;
  stderr: string;
  stdout: string;
}

/** What to do next: write these bytes, or wait until stdout matches. */
type Step = string | Buffer | { stdout: RegExp };

/** Starts the server, takes `steps` one after another, and waits up to `ms` for it to exit. */
async function run(steps: Step[], ms = 5000): Promise<Run> {
  const p = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  let stdout = '';
  p.stderr.on('data', (d) => (stderr += d));
  p.stdout.on('data', (d) => (stdout += d));
  p.stdin.on('error', () => undefined); // the server may be gone before the last chunk
  for (const step of steps) {
    if (typeof step === 'string' || Buffer.isBuffer(step)) {
      p.stdin.write(step);
      await new Promise((r) => setImmediate(r));
    } else {
      const deadline = Date.now() + ms;
      while (!step.stdout.test(stdout)) {
        assert.ok(Date.now() < deadline, `no ${step.stdout} on stdout; got ${stdout}; stderr ${stderr}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    }
  }
  const end = await new Promise<string>((resolve) => {
    const t = setTimeout(() => resolve('alive'), ms);
    p.on('exit', (code, signal) => {
      clearTimeout(t);
      resolve(`exit ${code ?? signal}`);
    });
  });
  if (end === 'alive') p.kill();
  return { end, stderr, stdout };
}

const frame = (body: string, length = Buffer.byteLength(body)) => `Content-Length: ${length}\r\n\r\n${body}`;
const INITIALIZE = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });

describe('language server: malformed frames', () => {
  const cases: [string, string, RegExp][] = [
    ['no Content-Length', `Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n${INITIALIZE}`, /without a Content-Length/],
    ['a non-numeric Content-Length', `Content-Length: abc\r\n\r\n${INITIALIZE}`, /not a number of bytes: "abc"/],
    ['a negative Content-Length', `Content-Length: -5\r\n\r\n${INITIALIZE}`, /not a number of bytes: "-5"/],
    ['a Content-Length of 0', `Content-Length: 0\r\n\r\n${INITIALIZE}`, /Content-Length of 0: too small/],
    ['a Content-Length too small for its body', frame(INITIALIZE, 10), /Content-Length does not match/],
    ['a Content-Length too large to be read', `Content-Length: 99999999999\r\n\r\n${INITIALIZE}`, /above the limit/],
    ['a header line without a colon', `garbage\r\nContent-Length: 2\r\n\r\n{}`, /malformed message header "garbage"/],
    ['headers that never end', 'X-Filler: ' + 'a'.repeat(20_000), /no end of the message headers/],
  ];
  for (const [what, input, reason] of cases) {
    it(`exits non-zero with one line on stderr for ${what}`, async () => {
      const r = await run([input]);
      assert.equal(r.end, 'exit 1', `ended: ${r.end}; stderr: ${r.stderr}`);
      const lines = r.stderr.split('\n').filter((l) => l !== '');
      assert.equal(lines.length, 1, r.stderr);
      assert.match(lines[0], /^netpol-lint-server: unreadable LSP input \(.*\); exiting so that the client restarts the server$/);
      assert.match(lines[0], reason);
    });
  }

  it('exits on a bad frame after a good session start too', async () => {
    const r = await run([frame(INITIALIZE), { stdout: /"id":1,"result":\{"capabilities"/ }, 'Content-Length: 1x\r\n\r\n{}']);
    assert.equal(r.end, 'exit 1');
    assert.match(r.stderr, /not a number of bytes: "1x"/);
  });

  it('reads good frames however they are cut into chunks (one byte at a time, several in one chunk)', async () => {
    const shutdown = JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'shutdown' });
    const bytes = Buffer.from(frame(INITIALIZE));
    const oneByOne = [...bytes].map((b) => Buffer.from([b]));
    const initialized = frame(JSON.stringify({ jsonrpc: '2.0', method: 'initialized', params: {} }));
    const r = await run([
      ...oneByOne,
      { stdout: /"id":1,"result":\{"capabilities"/ },
      initialized + frame(shutdown),
      { stdout: /"id":2,"result":null/ },
      frame(JSON.stringify({ jsonrpc: '2.0', method: 'exit' })),
    ]);
    assert.equal(r.end, 'exit 0', r.stderr);
    assert.equal(r.stderr, '');
  });
});
