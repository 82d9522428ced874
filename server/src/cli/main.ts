/**
 * `netpol-lint [lint] <paths…> [--format text|json|sarif] [--max-warnings N]`
 * Exit status: 0 clean, 1 errors (or too many warnings), 2 usage error or unreadable path.
 */
import { parseArgs } from 'node:util';
import { defaultConfig, Workspace, type ChunkAnalysisPool } from '../core/index';
import { collectFiles, UsageError } from './files';
import { formatJson, formatText, summarize, type FileReport } from './report';
import { formatSarif } from './sarif';

export const CLI_VERSION = '0.1.0';

const USAGE = `Usage: netpol-lint [lint] <paths…> [--format text|json|sarif] [--max-warnings N]

Lints Kubernetes NetworkPolicy YAML. Folders are walked for *.yaml and *.yml
(skipping node_modules and .git); '-' reads standard input.

Options:
  --format FORMAT      text (default), json, or sarif (SARIF 2.1.0, for code scanning)
  --max-warnings N     exit 1 when there are more than N warnings
  -h, --help           show this help
  --version            print the version

Exit status: 0 clean, 1 errors or too many warnings, 2 usage error or unreadable path.
`;

export interface Io {
  /** Shares the analysis of large files with a worker thread (optional). */
  pool?: ChunkAnalysisPool;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  readStdin: () => string;
  isTty: boolean;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export async function runCli(argv: readonly string[], io: Io): Promise<number> {
  try {
    return await run(argv, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`netpol-lint: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

async function run(argv: readonly string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        format: { type: 'string', default: 'text' },
        'max-warnings': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean' },
      },
    });
  } catch (e) {
    throw new UsageError(`${e instanceof Error ? e.message : String(e)} (see --help)`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(USAGE);
    return 0;
  }
  if (values.version) {
    io.stdout(`${CLI_VERSION}\n`);
    return 0;
  }
  let paths = positionals;
  if (paths[0] === 'lint') paths = paths.slice(1);
  else if (paths[0] === 'reach' || paths[0] === 'explain') throw new UsageError(`'${paths[0]}' is not available in this version yet`);
  if (paths.length === 0) throw new UsageError('no paths given (see --help)');
  const format = values.format;
  if (format !== 'text' && format !== 'json' && format !== 'sarif') throw new UsageError(`unknown format '${format}': use text, json or sarif`);
  let maxWarnings: number | undefined;
  if (values['max-warnings'] !== undefined) {
    maxWarnings = Number(values['max-warnings']);
    if (!Number.isInteger(maxWarnings) || maxWarnings < 0) throw new UsageError(`--max-warnings takes a whole number, not '${values['max-warnings']}'`);
  }

  const config = defaultConfig();
  // CI checks everything it is given: the size limits only protect an editor's responsiveness
  config.limits = { maxFileBytes: Infinity, maxDocuments: Infinity };
  // one workspace over all the paths: the namespace rules see every file's policies and workloads
  const files = collectFiles(paths, io.readStdin);
  const workspace = new Workspace(config);
  for (const f of files) await workspace.updateAsync(f.path, f.text, undefined, io.pool);
  const reports: FileReport[] = files.map((f) => ({ path: f.path, text: f.text, findings: workspace.result(f.path)!.findings }));
  io.stdout(format === 'json' ? formatJson(reports) : format === 'sarif' ? formatSarif(reports, CLI_VERSION, io.cwd) : formatText(reports, io.isTty && !io.env.NO_COLOR));
  const s = summarize(reports);
  return s.errors > 0 || (maxWarnings !== undefined && s.warnings > maxWarnings) ? 1 : 0;
}
