/** Entry point of `netpol-lint-server`: LSP over stdio (default), --node-ipc or --socket=N. */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { SERVER_VERSION, startServer } from './lsp/server';

const args = process.argv.slice(2);
if (args.includes('--version')) {
  process.stdout.write(`${SERVER_VERSION}\n`);
} else if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write('Usage: netpol-lint-server [--stdio | --node-ipc | --socket=PORT]\nThe netpol-lint language server (LSP). Standard input/output is the default.\n');
} else {
  const explicit = args.some((a) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket') || a.startsWith('--pipe'));
  const connection = explicit ? createConnection(ProposedFeatures.all) : createConnection(ProposedFeatures.all, process.stdin, process.stdout);
  startServer(connection);
}
