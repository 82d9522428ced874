/**
 * `netpol-lint [lint] <paths…> [--format text|json|sarif] [--max-warnings N]`
 * `netpol-lint reach <paths…> --port N --protocol TCP|UDP|SCTP [--format text|json] [--allow-unreadable]`
 * `netpol-lint explain <paths…> [--format text|json]`
 * Exit status: 0 clean, 1 errors (or too many warnings; for reach, a document it could not read,
 * unless --allow-unreadable), 2 usage error, unreadable path, or a file --fix would not write.
 */
import { existsSync } from 'node:fs';
import { fixAll, LATEST_KUBERNETES_VERSION, OLDEST_KUBERNETES_VERSION, readKubernetesVersion, Workspace } from '../core/index';
import { parseCommandLine } from './args';
import { loadConfig } from './config';
import { explain, parsePort, parseProtocol, reach, unreadableWarnings } from './connectivity';
import { closest } from '../core/model/editDistance';
import { collectFiles, UsageError, writeFixed } from './files';
import { RefusedError } from '../node/safeFiles';
import { formatJson, formatText, summarize, type FileReport } from './report';
import { formatSarif } from './sarif';
import { admissionYaml } from './admission';
import { printable } from './printable';

export const CLI_VERSION = '0.1.0';

const COMMANDS = ['lint', 'reach', 'explain', 'admission', 'help'];

const USAGE = `Usage: netpol-lint [lint] <paths…> [--format text|json|sarif] [--config FILE] [--kubernetes-version V] [--max-warnings N] [--fix]
       netpol-lint reach <paths…> --port N [--protocol TCP|UDP|SCTP] [--from POD…] [--to POD…] [--why] [--format text|json] [--config FILE] [--allow-unreadable]
       netpol-lint explain <paths…> [--format text|json] [--config FILE]
       netpol-lint admission [--config FILE] [--format yaml]
       netpol-lint help (or --help, -h)

lint     reports mistakes in Kubernetes NetworkPolicy YAML (all paths form one workspace)
reach    who can reach whom on a port: every Pod and workload (Deployment, StatefulSet,
         DaemonSet, ReplicaSet, Job, CronJob: one pod each) against every other
explain  each NetworkPolicy in plain English
admission
         writes a ValidatingAdmissionPolicy and binding (admissionregistration.k8s.io/v1)
         that enforce the config's admission-capable rules in the cluster: error -> Deny,
         warning -> Warn, information/hint/off left out; only in tenantNamespaces;
         plus what the config's admission: asks for (tenant limits, the baseline)
help     this text

Folders are walked for *.yaml, *.yml and *.json (skipping node_modules and .git);
'-' reads standard input. In a folder, a symbolic link is followed only when its target's
real path is inside one of the paths given; only regular files are read (a FIFO, socket
or device is named on stderr and skipped).

Options:
  --format FORMAT      text (default), json, or sarif (lint only: SARIF 2.1.0, for code scanning);
                       admission: yaml (the default and only format)
  --config FILE        the configuration (default: .netpol-lint.yaml in the working
                       directory or the nearest folder above it)
  --kubernetes-version V
                       the Kubernetes version whose API server validation the rules follow,
                       ${OLDEST_KUBERNETES_VERSION} to ${LATEST_KUBERNETES_VERSION} (default: kubernetesVersion in the config, else ${LATEST_KUBERNETES_VERSION})
  --max-warnings N     lint: exit 1 when there are more than N warnings (stderr says so)
  --fix                lint: apply every safe fix to the files in place (atomically;
                       unchanged files are not touched; through symbolic links, keeping
                       hard links, owner and mode), say what was fixed in each changed
                       file (stderr with json or sarif), then report what remains; a
                       read-only or non-UTF-8 file is not written (stderr, exit 2)
  --port N             reach: the destination port (1-65535)
  --protocol P         reach: TCP (default), UDP or SCTP, in any case (tcp)
  --from POD, --to POD reach: only these sources / destinations (repeatable): a pod
                       (namespace/name), a namespace (namespace/*) or a glob ({x,y}/web-*);
                       the JSON keeps its shape, over the pods chosen
  --why                reach (text): after the matrix, why each connection is allowed or
                       denied: the policies that isolate each side and the rules that allow
  --allow-unreadable   reach: exit 0 even when some documents could not be read (each is
                       still named on stderr and in the JSON's "unreadable")
  -h, --help           show this help
  --version            print the version

reach and explain name on stderr (file:line) every document they could not read (a YAML
error) whose text names a NetworkPolicy, Namespace, Pod, workload or List kind: the answer
leaves it out. The JSON lists them in "unreadable".

Exit status: 0 clean, 1 errors or too many warnings (reach: a document could not be read,
unless --allow-unreadable), 2 usage error, unreadable path, bad config, or a file --fix
would not write.
`;

export interface Io {
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
      io.stderr(`netpol-lint: ${printable(e.message)}\n`);
      return 2;
    }
    throw e;
  }
}

async function run(argv: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandLine(argv);
  if (values.help || positionals[0] === 'help') {
    io.stdout(USAGE);
    return 0;
  }
  if (values.version) {
    io.stdout(`${CLI_VERSION}\n`);
    return 0;
  }
  if (positionals[0] === 'admission') return admission(positionals.slice(1), values, io);
  let paths = positionals;
  const command = paths[0] === 'lint' || paths[0] === 'reach' || paths[0] === 'explain' ? paths[0] : 'lint';
  if (command === paths[0]) paths = paths.slice(1);
  else if (paths.length > 0 && paths[0] !== '-' && !existsSync(paths[0])) {
    // `netpol-lint rech deploy/`: a mistyped command reads as a missing path; say which was meant
    const meant = closest(paths[0], COMMANDS);
    if (meant) throw new UsageError(`cannot read '${paths[0]}': no such file or directory; did you mean the command ${meant}? (see --help)`);
  }
  if (paths.length === 0) throw new UsageError('no paths given (see --help)');
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json' && format !== 'sarif') throw new UsageError(`unknown format '${format}': use text, json or sarif`);
  if (command !== 'lint' && format === 'sarif') throw new UsageError(`${command} writes text or json, not sarif`);
  if (command !== 'reach' && (values.port !== undefined || values.protocol !== undefined)) throw new UsageError('--port and --protocol belong to reach');
  if (values.fix && command !== 'lint') throw new UsageError('--fix belongs to lint');
  if (values['allow-unreadable'] && command !== 'reach') throw new UsageError('--allow-unreadable belongs to reach');
  if ((values.from !== undefined || values.to !== undefined || values.why) && command !== 'reach')
    throw new UsageError('--from, --to and --why belong to reach');
  // the JSON's shape is a contract: the reasons are the text's
  if (values.why && format !== 'text') throw new UsageError('--why explains the text matrix (the JSON stays allowed[from][to]): drop --format json');
  if (values.fix && paths.includes('-')) throw new UsageError('--fix writes files in place, and standard input is not a file');
  const port = command === 'reach' ? parsePort(values.port) : 0;
  const protocol = command === 'reach' ? parseProtocol(values.protocol) : 'TCP';
  let maxWarnings: number | undefined;
  if (values['max-warnings'] !== undefined) {
    maxWarnings = Number(values['max-warnings']);
    if (!Number.isInteger(maxWarnings) || maxWarnings < 0) throw new UsageError(`--max-warnings takes a whole number, not '${values['max-warnings']}'`);
  }

  const { config } = loadConfig(values.config, io.cwd);
  if (values['kubernetes-version'] !== undefined) {
    const read = readKubernetesVersion(values['kubernetes-version']);
    if ('problem' in read) throw new UsageError(`--kubernetes-version: ${read.problem}`);
    config.kubernetesVersion = read.version;
  }
  // CI checks everything it is given: the size limits only protect an editor's responsiveness
  config.limits = { maxFileBytes: Infinity, maxDocuments: Infinity };
  // one workspace over all the paths: the namespace rules see every file's policies and workloads
  const warn = (line: string) => io.stderr(`netpol-lint: ${printable(line)}\n`);
  const files = collectFiles(paths, io.readStdin, warn);
  const workspace = new Workspace(config);
  for (const f of files) workspace.update(f.path, f.text);
  if (command === 'reach' || command === 'explain') {
    // an answer over documents it could not read says so: never a silent "open"
    const unreadable = workspace.unreadable();
    const out =
      command === 'explain'
        ? explain(workspace, new Map(files.map((f) => [f.path, f.text])), format as 'text' | 'json', unreadable)
        : // a --from/--to that names no pod is a usage error: before any warning, so it is the one line
          reach(workspace, port, protocol, format as 'text' | 'json', unreadable, { from: values.from, to: values.to, why: values.why });
    io.stderr(unreadableWarnings(unreadable, command));
    io.stdout(out);
    if (command === 'explain') return 0;
    return unreadable.length > 0 && !values['allow-unreadable'] ? 1 : 0;
  }
  let notFixed = false;
  if (values.fix) {
    // what was fixed, a line per changed file: on stdout before the findings in text, on stderr
    // for json and sarif (their stdout stays one document)
    const said: string[] = [];
    for (const f of files) {
      const fixed = fixAll(workspace, f.path, true);
      if (!fixed || fixed.text === f.text) continue;
      // a file --fix will not write keeps its findings, is named on stderr, and makes the exit status 2
      try {
        // its text has U+FFFD where its bytes were not UTF-8: writing it would change them
        if (!f.utf8) throw new RefusedError('not UTF-8 text (writing it would replace the bytes that are not)');
        writeFixed(f.path, fixed.text);
      } catch (e) {
        if (!(e instanceof RefusedError)) throw e;
        warn(`not fixing '${f.path}': ${e.message}`);
        notFixed = true;
        workspace.update(f.path, f.text); // the findings reported are those of the file as it stays
        continue;
      }
      f.text = fixed.text;
      said.push(fixedLine(f.path, fixed.applied));
    }
    if (said.length > 0) (format === 'text' ? io.stdout : io.stderr)(said.join(''));
  }
  const reports: FileReport[] = files.map((f) => ({ path: f.path, text: f.text, findings: workspace.result(f.path)!.findings }));
  io.stdout(
    format === 'json'
      ? formatJson(reports)
      : format === 'sarif'
        ? formatSarif(reports, CLI_VERSION, io.cwd)
        : formatText(reports, io.isTty && !io.env.NO_COLOR),
  );
  const s = summarize(reports);
  // exit 1 for warnings alone must say why (stderr: the stdout formats stay machine-readable)
  const tooMany = maxWarnings !== undefined && s.warnings > maxWarnings;
  if (tooMany) io.stderr(`netpol-lint: too many warnings (${s.warnings}, maximum ${maxWarnings})\n`);
  return notFixed ? 2 : s.errors > 0 || tooMany ? 1 : 0;
}

/** `netpol-lint admission`: no paths; the config decides everything. */
function admission(paths: string[], values: ReturnType<typeof parseCommandLine>['values'], io: Io): number {
  if (paths.length > 0) throw new UsageError(`admission reads no paths, only the config (got '${paths[0]}'; see --help)`);
  const format = values.format ?? 'yaml';
  if (format !== 'yaml') throw new UsageError(`unknown format '${format}' for admission: use yaml`);
  const stray = (['port', 'protocol', 'fix', 'allow-unreadable', 'from', 'to', 'why', 'max-warnings', 'kubernetes-version'] as const).find(
    (k) => values[k] !== undefined,
  );
  if (stray) throw new UsageError(`--${stray} does not apply to admission (see --help)`);
  const { config } = loadConfig(values.config, io.cwd);
  io.stdout(admissionYaml(config, CLI_VERSION));
  return 0;
}

/** `fixed 3 problems in deny.yaml (implicit-protocol x2, missing-namespace)`: codes in the order first fixed. */
export function fixedLine(path: string, applied: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const code of applied) counts.set(code, (counts.get(code) ?? 0) + 1);
  const codes = [...counts].map(([code, n]) => (n > 1 ? `${code} x${n}` : code)).join(', ');
  return `fixed ${applied.length} problem${applied.length === 1 ? '' : 's'} in ${path} (${codes})\n`;
}
