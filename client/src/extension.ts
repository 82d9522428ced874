/**
 * The VS Code client: starts the bundled language server for YAML files and passes settings.
 * No analysis here; everything is in the server.
 */
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { type ExtensionContext, type LanguageStatusItem, Uri } from 'vscode';
import { registerCommands } from './commands';
import { registerGraphView } from './graphPanel';
import { useLocalRulePages } from './ruleLinks';
import { StatusItem } from './status';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  TransportKind,
  type CloseHandlerResult,
  type ErrorHandler,
  type ErrorHandlerResult,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';

/** Restarts a crashed server; says so once, and gives up (saying so) after 5 crashes in 3 minutes. */
class RestartingErrorHandler implements ErrorHandler {
  private crashes: number[] = [];
  private told = false;

  error(): ErrorHandlerResult {
    return { action: ErrorAction.Continue };
  }

  closed(): CloseHandlerResult {
    const now = Date.now();
    this.crashes = [...this.crashes.filter((t) => now - t < 3 * 60_000), now];
    if (this.crashes.length >= 5) {
      return {
        action: CloseAction.DoNotRestart,
        message: 'The NetworkPolicy Lint server crashed 5 times in 3 minutes and will not be restarted. See the "NetworkPolicy Lint" output.',
      };
    }
    if (this.told) return { action: CloseAction.Restart, handled: true };
    this.told = true;
    return { action: CloseAction.Restart, message: 'The NetworkPolicy Lint server stopped unexpectedly and has been restarted.' };
  }
}

/** Node.js options of the server process. */
const SERVER_EXEC_ARGV = ['--expose-gc'];

let client: LanguageClient | undefined;

/** The codes of the rule pages packaged with the extension (docs/rules/<code>.md); none if the folder is missing. */
function packagedRulePages(context: ExtensionContext): Set<string> {
  try {
    return new Set(
      readdirSync(context.asAbsolutePath(path.join('docs', 'rules')))
        .filter((f) => f.endsWith('.md'))
        .map((f) => f.slice(0, -3)),
    );
  } catch {
    return new Set();
  }
}

/** What the extension gives other extensions (and the e2e suite): its client and its language status items. */
export interface NetpolLintApi {
  client: LanguageClient;
  status: LanguageStatusItem;
  serverStatus: LanguageStatusItem;
}

export async function activate(context: ExtensionContext): Promise<NetpolLintApi> {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  // stdio, as in every other editor (and in the benchmark); --expose-gc lets the server give the
  // memory of a large file back once idle (node/memory.ts)
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.stdio, options: { execArgv: SERVER_EXEC_ARGV } },
    debug: { module, transport: TransportKind.stdio, options: { execArgv: [...SERVER_EXEC_ARGV, '--nolazy', '--inspect=6009'] } },
  };
  const pages = packagedRulePages(context);
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'untitled', language: 'yaml' },
    ],
    synchronize: { configurationSection: 'netpolLint' },
    errorHandler: new RestartingErrorHandler(),
    middleware: {
      // a rule's code link opens the page packaged with the extension (readable without a network)
      handleDiagnostics: (uri, diagnostics, next) => {
        useLocalRulePages(diagnostics, pages, (code) => Uri.joinPath(context.extensionUri, 'docs', 'rules', `${code}.md`));
        next(uri, diagnostics);
      },
    },
  };
  client = new LanguageClient('netpolLint', 'NetworkPolicy Lint', serverOptions, clientOptions);
  const status = new StatusItem();
  status.listen(client);
  context.subscriptions.push(status);
  registerCommands(context, () => client);
  registerGraphView(context, () => client);
  await client.start();
  return { client, status: status.item, serverStatus: status.serverItem };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
