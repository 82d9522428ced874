/** Entry point of `netpol-lint-server`: LSP over stdio (default), --node-ipc or --socket=N. */
import { format } from 'node:util';
import { createConnection, ProposedFeatures, StreamMessageWriter, type Connection } from 'vscode-languageserver/node';
import { SERVER_VERSION, startServer } from './lsp/server';
import { MessageEncoder, releasingStream } from './lsp/publishEncoder';
import { FrameGuard } from './lsp/frameGuard';

/**
 * Over stdio, messages are written by a writer whose encoder writes a publish from the JSON its
 * diagnostics kept, into a buffer it reuses once stdout has written it. vscode-languageserver takes
 * a stream for its input (so it still exits when the editor closes it) and a message writer for its
 * output, each side checked on its own; its types only list two streams or two message objects.
 * The input goes through a FrameGuard first (lsp/frameGuard.ts): a frame that cannot be read makes
 * the server exit, so that the client restarts it.
 */
function stdioConnection(): Connection {
  const encoder = new MessageEncoder();
  const writer = new StreamMessageWriter(releasingStream(process.stdout, encoder), { contentTypeEncoder: encoder });
  // the input through the frame guard: a frame that cannot be read ends the server, said in one line
  const input = process.stdin.pipe(new FrameGuard());
  input.on('error', (e: Error) => {
    process.stderr.write(`netpol-lint-server: unreadable LSP input (${e.message}); exiting so that the client restarts the server\n`);
    process.exit(1);
  });
  const connection = createConnection(ProposedFeatures.all, input, writer as unknown as NodeJS.WritableStream);
  // stdout carries the protocol: anything a library logs goes to the editor's log instead
  console.log = (...a: unknown[]) => connection.console.log(format(...a));
  console.info = (...a: unknown[]) => connection.console.info(format(...a));
  console.warn = (...a: unknown[]) => connection.console.warn(format(...a));
  console.error = (...a: unknown[]) => connection.console.error(format(...a));
  return connection;
}

const args = process.argv.slice(2);
if (args.includes('--version')) {
  process.stdout.write(`${SERVER_VERSION}\n`);
} else if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(
    'Usage: netpol-lint-server [--stdio | --node-ipc | --socket=PORT]\nThe netpol-lint language server (LSP). Standard input/output is the default.\n',
  );
} else {
  const other = args.some((a) => a === '--node-ipc' || a.startsWith('--socket') || a.startsWith('--pipe'));
  startServer(other ? createConnection(ProposedFeatures.all) : stdioConnection());
}
