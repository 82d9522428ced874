/**
 * `netpol-lint [lint] <paths…> [--format text|json|sarif] [--max-warnings N]`
 * `netpol-lint reach <paths…> [--port N [--protocol TCP|UDP|SCTP]] [--format text|json] [--allow-unreadable]`
 * `netpol-lint explain <paths…> [--format text|json]`
 * `netpol-lint graph <paths…> [--format dot|mermaid|svg|json] [--diff <before>…] [--from …] [--to …] [--port N [--protocol P]]`
 * Exit status: 0 clean, 1 errors (or too many warnings; for reach, a document it could not read,
 * unless --allow-unreadable), 2 usage error, unreadable path, or a file --fix would not write.
 */
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { ChartFinder } from '../node/charts';
import { Renderer, type Rendered } from './render';
import { excludeMatcher, type LintConfig, fixAll, helmTemplateMessage, readKubernetesVersion, Workspace } from '../core/index';
import { parseCommandLine } from './args';
import { loadConfig } from './config';
import { reachSets } from './connections';
import { reachExposure } from './exposure';
import { type GraphBefore, graphBeforeSide, graphCommand, graphCommandSvg, graphFormat, graphPort } from './graph';
import { parseDiffCommandLine, readSide, runDiff, type SideSpec } from './diff';
import { explain, parsePort, parseProtocol, reach, unreadableWarnings } from './connectivity';
import { closest } from '../core/model/editDistance';
import { collectFiles, UsageError, writeFixed } from './files';
import { RefusedError } from '../node/safeFiles';
import { formatJson, formatText, summarize, type FileReport } from './report';
import { formatSarif } from './sarif';
import { admissionYaml } from './admission';
import { runTestCommand, type TestFormat } from './test';
import { printable } from '../core/text/printable';
import { USAGE } from './usage';

export const CLI_VERSION = '0.1.0';

const COMMANDS = ['lint', 'reach', 'explain', 'graph', 'diff', 'test', 'admission', 'help'];

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
  if (positionals[0] === 'diff' && argv.indexOf('--') !== 0) {
    // options on both sides of the --, which separates the before paths from the after paths
    const d = parseDiffCommandLine(argv);
    const { config, file: configFile, exclude } = loadConfig(d.values.config, io.cwd);
    applyKubernetesVersion(config, d.values['kubernetes-version']);
    config.limits = { maxFileBytes: Infinity, maxDocuments: Infinity };
    return runDiff(d.values, d.positionals.slice(1), d.split, io, config, excluded(io.cwd, configFile, exclude, d.values.exclude));
  }
  if (values['fail-on'] !== undefined) throw new UsageError('--fail-on belongs to diff');
  let paths = positionals;
  const command = paths[0] === 'lint' || paths[0] === 'reach' || paths[0] === 'explain' || paths[0] === 'graph' || paths[0] === 'test' ? paths[0] : 'lint';
  if (command === paths[0]) paths = paths.slice(1);
  else if (paths.length > 0 && paths[0] !== '-' && !existsSync(paths[0])) {
    // `netpol-lint rech deploy/`: a mistyped command reads as a missing path; say which was meant
    const meant = closest(paths[0], COMMANDS);
    if (meant) throw new UsageError(`cannot read '${paths[0]}': no such file or directory; did you mean the command ${meant}? (see --help)`);
  }
  if (paths.length === 0) throw new UsageError('no paths given (see --help)');
  const format = command === 'graph' ? graphFormat(values.format) : (values.format ?? 'text');
  if (command === 'test' && format !== 'text' && format !== 'json' && format !== 'junit' && format !== 'sarif')
    throw new UsageError(`unknown format '${format}' for test: use text, json, junit or sarif`);
  if (command !== 'graph' && command !== 'test' && format !== 'text' && format !== 'json' && format !== 'sarif')
    throw new UsageError(`unknown format '${format}': use text, json or sarif`);
  if (command !== 'lint' && command !== 'test' && format === 'sarif') throw new UsageError(`${command} writes text or json, not sarif`);
  if ((values.tests !== undefined || values['as-written']) && command !== 'test') throw new UsageError('--tests and --as-written belong to test');
  const answers = command === 'reach' || command === 'graph';
  if (!answers && (values.port !== undefined || values.protocol !== undefined)) throw new UsageError('--port and --protocol belong to reach and graph');
  if (values.fix && command !== 'lint') throw new UsageError('--fix belongs to lint');
  if (values['allow-unreadable'] && !answers && command !== 'test') throw new UsageError('--allow-unreadable belongs to reach, graph and test');
  if ((values.from !== undefined || values.to !== undefined) && !answers) throw new UsageError('--from and --to belong to reach and graph');
  if (values.why && command !== 'reach') throw new UsageError('--why belongs to reach');
  if (values.diff !== undefined && command !== 'graph')
    throw new UsageError('--diff belongs to graph (graph --diff <before> <paths…>); for the changes as a list: netpol-lint diff <before> <after>');
  // the before side checked before any file is read: a usage error is the one line
  const graphBefore = command === 'graph' && values.diff !== undefined ? graphBeforeSide(values.diff, paths) : undefined;
  // the JSON's shape is a contract: the reasons are the text's
  const sets = command === 'reach' && values.port === undefined;
  if (sets && values.protocol !== undefined)
    throw new UsageError('--protocol goes with --port; without --port, reach lists every protocol and port of each pair');
  if (values.exposure && command !== 'reach') throw new UsageError('--exposure belongs to reach');
  if (values.exposure && (values.port !== undefined || values.from !== undefined || values.to !== undefined || values.why))
    throw new UsageError('--exposure covers every workload on every port: it takes no --port, --from, --to or --why');
  if (values.why && format !== 'text' && !sets)
    throw new UsageError("--why explains the text matrix (the JSON stays allowed[from][to]): drop --format json, or --port for every pair's reasons in JSON");
  if (values.render && command !== 'lint') throw new UsageError('--render belongs to lint');
  if (values.render && values.fix)
    throw new UsageError('--render lints what charts and kustomizations render, which --fix cannot write back: run --fix without --render');
  if (values.fix && paths.includes('-')) throw new UsageError('--fix writes files in place, and standard input is not a file');
  const port = command === 'reach' && !sets ? parsePort(values.port) : 0;
  const protocol = command === 'reach' ? parseProtocol(values.protocol) : 'TCP';
  const graphOnly = command === 'graph' ? graphPort(values.port, values.protocol) : undefined;
  let maxWarnings: number | undefined;
  if (values['max-warnings'] !== undefined) {
    maxWarnings = Number(values['max-warnings']);
    if (!Number.isInteger(maxWarnings) || maxWarnings < 0) throw new UsageError(`--max-warnings takes a whole number, not '${values['max-warnings']}'`);
  }

  const { config, file: configFile, exclude, render: renderMode, helm, tests: testsSection } = loadConfig(values.config, io.cwd);
  applyKubernetesVersion(config, values['kubernetes-version']);
  // CI checks everything it is given: the size limits only protect an editor's responsiveness
  config.limits = { maxFileBytes: Infinity, maxDocuments: Infinity };
  // one workspace over all the paths: the namespace rules see every file's policies and workloads
  const warn = (line: string) => io.stderr(`netpol-lint: ${printable(line)}\n`);
  const files = collectFiles(paths, io.readStdin, warn, excluded(io.cwd, configFile, exclude, values.exclude));
  const charts = new ChartFinder();
  // a chart as the user names it: relative to the working directory (absolute when given so)
  const chartOf = (f: string) => {
    if (f === '-') return undefined;
    const chart = charts.chartOf(resolve(io.cwd, f));
    return chart === undefined ? undefined : isAbsolute(f) ? chart : relative(io.cwd, chart) || '.';
  };
  // reach and explain read only the models: no rule runs (their answers never show findings)
  const workspace = new Workspace(config, chartOf, command === 'reach' || command === 'explain' ? 'models' : 'lint');
  // lint --render (or render: in the config): charts and kustomizations as they render; the files
  // they render from are linted through the output, their findings mapped back to them
  const rendering = command === 'lint' && !values.fix && (values.render || renderMode !== undefined);
  const renderer = new Renderer(io.cwd, io.env, helm);
  const rendered = rendering ? renderer.renderAll(files, renderMode ?? 'auto', chartOf) : [];
  const covered = new Set(rendered.flatMap((r) => [...r.covers].map((f) => resolve(io.cwd, f))));
  for (const f of files) if (!covered.has(resolve(io.cwd, f.path))) workspace.update(f.path, f.text);
  for (const r of rendered) workspace.update(r.key, r.text);
  if (command === 'graph') {
    const unreadable = workspace.unreadable();
    // a --from/--to that names nothing is a usage error, before any warning
    const filters = { from: values.from, to: values.to };
    let before: GraphBefore | undefined;
    if (graphBefore) {
      const beforeWorkspace = new Workspace(config);
      for (const f of beforeFiles(graphBefore, io, warn, excluded(io.cwd, configFile, exclude, values.exclude))) beforeWorkspace.update(f.path, f.text);
      before = { workspace: beforeWorkspace, side: graphBefore };
    }
    const beforeUnreadable = before?.workspace.unreadable() ?? [];
    const { out, warnings } =
      format === 'svg'
        ? await graphCommandSvg(workspace, unreadable, filters, graphOnly, before)
        : graphCommand(workspace, format as 'dot' | 'mermaid' | 'json', unreadable, filters, graphOnly, before);
    io.stderr(
      beforeUnreadable
        .map(
          (u) =>
            `netpol-lint: warning: ${printable(u.file)}:${u.line + 1}: ${printable(u.message)} (graph --diff cannot see what this document declared before)\n`,
        )
        .join('') +
        unreadableWarnings(unreadable, 'graph') +
        warnings.map((w) => `netpol-lint: ${printable(w)}\n`).join(''),
    );
    io.stdout(out);
    return unreadable.length + beforeUnreadable.length > 0 && !values['allow-unreadable'] ? 1 : 0;
  }
  if (command === 'test') {
    const unreadable = workspace.unreadable();
    const texts = new Map(files.map((f) => [f.path, f.text]));
    const { output, outcome } = runTestCommand(workspace, texts, {
      tests: values.tests,
      section: testsSection,
      asWritten: values['as-written'] === true,
      format: format as TestFormat,
      cwd: io.cwd,
      dns: config.dns,
      unreadable,
      version: CLI_VERSION,
    });
    io.stderr(unreadableWarnings(unreadable, command));
    io.stdout(output);
    return !outcome.passed || (unreadable.length > 0 && !values['allow-unreadable']) ? 1 : 0;
  }
  if (command === 'reach' || command === 'explain') {
    // an answer over documents it could not read says so: never a silent "open"
    const unreadable = workspace.unreadable();
    const filters = { from: values.from, to: values.to, why: values.why };
    const out: Iterable<string> =
      command === 'explain'
        ? [explain(workspace, new Map(files.map((f) => [f.path, f.text])), format as 'text' | 'json', unreadable)]
        : // a --from/--to that names no pod is a usage error: before any warning, so it is the one line
          values.exposure
          ? [reachExposure(workspace, format as 'text' | 'json', unreadable)]
          : sets
            ? reachSets(workspace, format as 'text' | 'json', unreadable, filters)
            : [reach(workspace, port, protocol, format as 'text' | 'json', unreadable, filters)];
    io.stderr(unreadableWarnings(unreadable, command));
    for (const piece of out) io.stdout(piece);
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
  const reports: FileReport[] = onePerChart(
    files.map((f) => ({ path: f.path, text: f.text, findings: workspace.result(f.path)?.findings ?? [] })),
    chartOf,
  );
  if (rendered.length > 0) {
    mapRendered(reports, rendered, renderer, workspace, io.cwd);
    labelTrapUnrendered(reports, rendered, renderer, config, io.cwd);
  }
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

/** graph --diff's before side, read as diff reads a side; a path it cannot read is named as the before side's. */
function beforeFiles(side: SideSpec, io: Io, warn: (line: string) => void, skip: (file: string) => boolean) {
  try {
    return readSide(side, io, warn, skip, 'graph --diff');
  } catch (e) {
    if (e instanceof UsageError && !e.message.startsWith('graph --diff')) throw new UsageError(`graph --diff (the before side): ${e.message}`);
    throw e;
  }
}

function applyKubernetesVersion(config: LintConfig, raw: string | undefined): void {
  if (raw === undefined) return;
  const read = readKubernetesVersion(raw);
  if ('problem' in read) throw new UsageError(`--kubernetes-version: ${read.problem}`);
  config.kubernetesVersion = read.version;
}

/**
 * Which files the exclude globs name: the config file's `exclude` relative to its folder, each
 * `--exclude` relative to the working directory (the same globs as `netpolLint.exclude`).
 */
function excluded(
  cwd: string,
  configFile: string | undefined,
  fromConfig: readonly string[] = [],
  fromArgs: readonly string[] = [],
): (file: string) => boolean {
  const bases: [string, (rel: string) => boolean][] = [];
  const inConfig = excludeMatcher(fromConfig);
  if (inConfig && configFile) bases.push([dirname(configFile), inConfig]);
  const inArgs = excludeMatcher(fromArgs);
  if (inArgs) bases.push([cwd, inArgs]);
  if (bases.length === 0) return () => false;
  return (file) => {
    const abs = resolve(cwd, file);
    return bases.some(([base, match]) => match(relative(base, abs).split(sep).join('/')));
  };
}

/** The rendered outputs' findings, each on the file it came from (in file order among that file's own). */
function mapRendered(reports: FileReport[], rendered: readonly Rendered[], renderer: Renderer, workspace: Workspace, cwd: string): void {
  const byPath = new Map(reports.map((r) => [resolve(cwd, r.path), r]));
  const touched = new Set<FileReport>();
  for (const r of rendered) {
    for (const f of workspace.result(r.key)?.findings ?? []) {
      const { file, text, finding } = renderer.mapBack(r, f);
      let report = byPath.get(resolve(cwd, file));
      if (!report) {
        report = { path: file, text, findings: [] };
        reports.push(report);
        byPath.set(resolve(cwd, file), report);
      }
      report.findings = [...report.findings, finding];
      touched.add(report);
    }
  }
  for (const report of touched) report.findings.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
}

/**
 * The label trap is only visible unrendered (the output already holds the labels): the
 * kustomizations' kustomize-selector-labels findings, from a workspace of them and their inputs.
 */
function labelTrapUnrendered(reports: FileReport[], rendered: readonly Rendered[], renderer: Renderer, config: LintConfig, cwd: string): void {
  const raw = new Workspace(config);
  for (const r of rendered) for (const f of [...r.kustomizations, ...r.covers]) raw.update(f, renderer.text(f));
  for (const report of reports) {
    const found = raw.has(report.path) ? raw.result(report.path)!.findings.filter((f) => f.code === 'kustomize-selector-labels') : [];
    if (found.length === 0 || !rendered.some((r) => [...r.kustomizations].some((k) => resolve(cwd, k) === resolve(cwd, report.path)))) continue;
    report.findings = [...report.findings.filter((f) => f.code !== 'kustomize-selector-labels'), ...found].sort((a, b) => a.span.start - b.span.start);
  }
}

/**
 * A chart's templates get one helm-template finding, not one each: on the chart's first template
 * (in file order), saying how many there are. A template outside any chart keeps its own.
 */
export function onePerChart(reports: FileReport[], chartOf: (file: string) => string | undefined): FileReport[] {
  const first = new Map<string, { report: FileReport; count: number }>();
  const dropped = new Set<FileReport>();
  for (const r of reports) {
    if (!r.findings.some((f) => f.code === 'helm-template')) continue;
    const chart = chartOf(r.path);
    if (chart === undefined) continue;
    const seen = first.get(chart);
    if (seen) {
      seen.count++;
      dropped.add(r);
    } else first.set(chart, { report: r, count: 1 });
  }
  const message = new Map([...first].map(([chart, { report, count }]) => [report, helmTemplateMessage({ chart }, count)]));
  return reports.map((r) => {
    if (dropped.has(r)) return { ...r, findings: r.findings.filter((f) => f.code !== 'helm-template') };
    const m = message.get(r);
    return m === undefined ? r : { ...r, findings: r.findings.map((f) => (f.code === 'helm-template' ? { ...f, message: m } : f)) };
  });
}

/** `netpol-lint admission`: no paths; the config decides everything. */
function admission(paths: string[], values: ReturnType<typeof parseCommandLine>['values'], io: Io): number {
  if (paths.length > 0) throw new UsageError(`admission reads no paths, only the config (got '${paths[0]}'; see --help)`);
  const format = values.format ?? 'yaml';
  if (format !== 'yaml' && format !== 'kyverno') throw new UsageError(`unknown format '${format}' for admission: use yaml or kyverno`);
  const stray = (
    ['port', 'protocol', 'fix', 'allow-unreadable', 'from', 'to', 'why', 'exposure', 'exclude', 'render', 'max-warnings', 'kubernetes-version'] as const
  ).find((k) => values[k] !== undefined);
  if (stray) throw new UsageError(`--${stray} does not apply to admission (see --help)`);
  const { config } = loadConfig(values.config, io.cwd);
  io.stdout(admissionYaml(config, CLI_VERSION, format));
  return 0;
}

/** `fixed 3 problems in deny.yaml (implicit-protocol x2, missing-namespace)`: codes in the order first fixed. */
export function fixedLine(path: string, applied: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const code of applied) counts.set(code, (counts.get(code) ?? 0) + 1);
  const codes = [...counts].map(([code, n]) => (n > 1 ? `${code} x${n}` : code)).join(', ');
  return `fixed ${applied.length} problem${applied.length === 1 ? '' : 's'} in ${printable(path)} (${codes})\n`;
}
