/**
 * `lint --render`: what is really deployed. Kustomizations are rendered with `kustomize build` or
 * `kubectl kustomize` (whichever is on the PATH, kustomize first), charts with `helm template`; the
 * rendered documents are linted in the same workspace as the plain files, and each finding is
 * reported on the file it came from: a chart's template named by Helm's `# Source:` comment, a
 * kustomization's resource file holding an object of the same kind and name. A finding lands on the
 * source line whose text is the rendered line's (when that line is found exactly once, or as often
 * as it is rendered); otherwise on the source document's first line, with the rendered line in the
 * message. Rendering runs programs, so only the CLI does it, and only when asked.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, delimiter, dirname, join, relative, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { isKustomizationKey, KUSTOMIZATION_NAMES, readKustomization, resolveResource, type FileFinding } from '../core/index';
import { splitDocuments } from '../core/parse/splitDocuments';
import { UsageError, type InputFile } from './files';

export type RenderMode = 'auto' | 'helm' | 'kustomize';

/** One thing rendered: its output, and where each of its documents came from. */
export interface Rendered {
  /** The kustomization file or Chart.yaml, as the CLI names files. */
  source: string;
  /** The workspace key the output is linted under (no file has it). */
  key: string;
  text: string;
  /** Per rendered document chunk: its offset in `text` and the file it came from (undefined: not known). */
  documents: { start: number; end: number; file: string | undefined; fileDocumentStart: number }[];
  /** The files whose content the output holds (not linted on their own). */
  covers: Set<string>;
  /** The kustomization files it was built from (the label-trap rule reads them with `covers`, unrendered). */
  kustomizations: Set<string>;
}

/** Is an executable of this name on the PATH? */
function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const p = join(dir, name);
    try {
      if (statSync(p).isFile()) return p;
    } catch {
      /* not here */
    }
  }
  return undefined;
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, what: string): string {
  const r = spawnSync(command, args, { cwd, env, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.error) throw new UsageError(`--render: cannot run ${basename(command)} for ${what}: ${r.error.message}`);
  if (r.status !== 0) {
    const first = (r.stderr || r.stdout).trim().split('\n')[0] ?? '';
    throw new UsageError(`--render: ${basename(command)} ${args.join(' ')} failed (exit status ${r.status}) for ${what}: ${first}`);
  }
  return r.stdout;
}

/** `kind` and `metadata.name` of each document of a file, with the document's offset. */
function objectsOf(text: string): { kind?: string; name?: string; start: number }[] {
  return splitDocuments(text).map((c) => {
    const doc = parseDocument(c.text, { version: '1.1', prettyErrors: false });
    const o = doc.errors.length === 0 ? (doc.toJS() as { kind?: unknown; metadata?: { name?: unknown } } | null) : null;
    return {
      kind: typeof o?.kind === 'string' ? o.kind : undefined,
      name: typeof o?.metadata?.name === 'string' ? o.metadata.name : undefined,
      start: c.start,
    };
  });
}

/** The files a kustomization builds from (its resources, through folder kustomizations), as paths like `from`. */
function kustomizationInputs(file: string, seen: Set<string>, out: Set<string>, kustomizations: Set<string>): void {
  if (seen.has(file)) return;
  seen.add(file);
  kustomizations.add(file);
  let model: ReturnType<typeof readKustomization>;
  try {
    model = readKustomization(readFileSync(file, 'utf8'));
  } catch {
    return;
  }
  for (const r of model?.resources ?? []) {
    const target = resolveResource(file.split('\\').join('/'), r);
    if (target === undefined) continue;
    let isDir = false;
    try {
      isDir = statSync(target).isDirectory();
    } catch {
      continue;
    }
    if (!isDir) {
      out.add(target);
      continue;
    }
    const inner = KUSTOMIZATION_NAMES.map((n) => join(target, n)).find((p) => existsSync(p));
    if (inner) kustomizationInputs(inner, seen, out, kustomizations);
  }
}

/** The line of `offset` in `text`: [start, end) and its text. */
function lineAt(text: string, offset: number): { start: number; end: number; text: string } {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  let end = text.indexOf('\n', offset);
  if (end < 0) end = text.length;
  return { start, end, text: text.slice(start, end).replace(/\r$/, '') };
}

/**
 * A line's content as compared between the rendered output and its source: without indentation
 * and list dashes (kustomize sorts keys, so `- protocol: TCP` may render as `protocol: TCP`), and
 * where that content starts in the line.
 */
function content(line: string): { text: string; at: number } {
  const m = /^[ \t]*(?:-[ \t]+)*/.exec(line)!;
  return { text: line.slice(m[0].length).replace(/\r$/, '').trimEnd(), at: m[0].length };
}

/** Every start offset of a line whose content is `wanted` in text[from, to). */
function linesLike(text: string, wanted: string, from: number, to: number): number[] {
  const out: number[] = [];
  let i = from;
  while (i < to) {
    let e = text.indexOf('\n', i);
    if (e < 0 || e > to) e = to;
    if (content(text.slice(i, e)).text === wanted) out.push(i);
    i = e + 1;
  }
  return out;
}

export class Renderer {
  private readonly texts = new Map<string, string>();

  constructor(
    private readonly cwd: string,
    private readonly env: NodeJS.ProcessEnv,
    private readonly options: { namespace?: string; values?: string[] } = {},
  ) {}

  /** A file's text (read once). */
  text(file: string): string {
    let t = this.texts.get(file);
    if (t === undefined) {
      try {
        t = readFileSync(file, 'utf8');
      } catch {
        t = '';
      }
      this.texts.set(file, t);
    }
    return t;
  }

  /**
   * Renders the kustomizations (those no other one of the set builds on) and charts among the
   * files, as the mode says. A missing renderer or a failing render is a usage error (exit 2).
   */
  renderAll(files: readonly InputFile[], mode: RenderMode, chartOf: (file: string) => string | undefined): Rendered[] {
    const out: Rendered[] = [];
    if (mode !== 'helm') {
      const all = files.filter((f) => f.path !== '-' && isKustomizationKey(f.path.split('\\').join('/'))).map((f) => f.path);
      const built = new Map<string, { inputs: Set<string>; kustomizations: Set<string> }>();
      for (const k of all) {
        const inputs = new Set<string>();
        const kustomizations = new Set<string>();
        kustomizationInputs(k, new Set(), inputs, kustomizations);
        built.set(k, { inputs, kustomizations });
      }
      // a base that an overlay of the set builds on is rendered as part of the overlay only
      const roots = all.filter((k) => ![...built].some(([other, b]) => other !== k && b.kustomizations.has(k)));
      for (const k of roots) out.push(this.kustomize(k, built.get(k)!.inputs, built.get(k)!.kustomizations));
    }
    if (mode !== 'kustomize') {
      // the charts given (their Chart.yaml) and those whose templates are given
      const charts = [
        ...new Set([
          ...files.filter((f) => basename(f.path) === 'Chart.yaml').map((f) => dirname(f.path)),
          ...files.map((f) => (f.path === '-' ? undefined : chartOf(f.path))).filter((c): c is string => c !== undefined),
        ]),
      ].filter((c, i, all) => all.findIndex((x) => resolve(x) === resolve(c)) === i);
      // a subchart is rendered by its parent
      const roots = charts.filter((c) => !charts.some((p) => p !== c && resolve(c).startsWith(`${resolve(p)}/charts/`)));
      for (const c of roots)
        out.push(
          this.helm(
            c,
            files.filter((f) => chartOf(f.path) !== undefined && resolve(f.path).startsWith(`${resolve(c)}/`)).map((f) => f.path),
          ),
        );
    }
    return out;
  }

  private kustomize(file: string, inputs: Set<string>, kustomizations: Set<string>): Rendered {
    const dir = dirname(file);
    const kustomize = onPath('kustomize', this.env);
    const kubectl = kustomize ? undefined : onPath('kubectl', this.env);
    if (!kustomize && !kubectl)
      throw new UsageError(`--render: neither kustomize nor kubectl is on the PATH, to render ${file} (install one, or drop --render)`);
    const text = kustomize ? run(kustomize, ['build', dir], this.cwd, this.env, file) : run(kubectl!, ['kustomize', dir], this.cwd, this.env, file);
    // each rendered object back to the resource file holding its kind and name (kustomize may add a prefix or suffix)
    const candidates = [...inputs].flatMap((f) => objectsOf(this.text(f)).map((o) => ({ ...o, file: f })));
    const documents = splitDocuments(text).map((c) => {
      const [o] = objectsOf(c.text);
      const match = candidates
        .filter((x) => x.kind === o.kind && x.name !== undefined && o.name?.includes(x.name) === true)
        .sort((a, b) => (b.name === o.name ? 1 : 0) - (a.name === o.name ? 1 : 0) || b.name!.length - a.name!.length)[0];
      return { start: c.start, end: c.start + c.text.length, file: match?.file, fileDocumentStart: match?.start ?? 0 };
    });
    return { source: file, key: `${file}\0rendered`, text, documents, covers: inputs, kustomizations };
  }

  private helm(chart: string, templates: string[]): Rendered {
    const helm = onPath('helm', this.env);
    const chartFile = join(chart, 'Chart.yaml');
    if (!helm) throw new UsageError(`--render: helm is not on the PATH, to render the chart ${chart} (install it, or drop --render)`);
    const args = ['template', chart];
    if (this.options.namespace) args.push('--namespace', this.options.namespace);
    for (const v of this.options.values ?? []) args.push('--values', v);
    const text = run(helm, args, this.cwd, this.env, `the chart ${chart}`);
    const documents = splitDocuments(text).map((c) => {
      // `# Source: web/templates/np.yaml` (a subchart: web/charts/db/templates/np.yaml): the chart's name first
      const source = /^# Source: ([^\r\n]+)/m.exec(c.text)?.[1];
      const rest = source?.split('/').slice(1).join('/');
      const file = rest ? join(chart, rest) : undefined;
      return { start: c.start, end: c.start + c.text.length, file: file && existsSync(file) ? file : undefined, fileDocumentStart: 0 };
    });
    return { source: chartFile, key: `${chartFile}\0rendered`, text, documents, covers: new Set(templates), kustomizations: new Set() };
  }

  /**
   * A finding of the rendered output, on the file it came from: the source line whose text is the
   * rendered line's, else the source document's first line with the rendered line in the message.
   * Without a known source file, on the kustomization or Chart.yaml.
   */
  mapBack(r: Rendered, f: FileFinding): { file: string; text: string; finding: FileFinding } {
    const doc = r.documents.find((d) => f.span.start >= d.start && f.span.start < d.end) ?? r.documents.at(-1);
    const file = doc?.file ?? r.source;
    const text = this.text(file);
    const rendered = lineAt(r.text, f.span.start);
    const { text: wanted, at: lead } = content(rendered.text);
    const from = doc?.file ? doc.fileDocumentStart : 0;
    const to = doc?.file ? (splitDocuments(text).find((c) => c.start === from)?.text.length ?? text.length) + from : text.length;
    const inSource = wanted === '' ? [] : linesLike(text, wanted, from, to);
    const inRendered = doc && wanted !== '' ? linesLike(r.text, wanted, doc.start, doc.end) : [];
    const nth = inRendered.indexOf(rendered.start);
    let at: number | undefined;
    if (inSource.length === 1) at = inSource[0];
    else if (inSource.length > 1 && inSource.length === inRendered.length && nth >= 0) at = inSource[nth];
    let span: { start: number; end: number };
    let message = f.message;
    if (at !== undefined) {
      const srcLead = content(lineAt(text, at).text).at;
      const col = Math.max(0, f.span.start - rendered.start - lead);
      const len = Math.max(0, Math.min(f.span.end - f.span.start, wanted.length - col));
      span = { start: at + srcLead + col, end: at + srcLead + col + len };
    } else {
      const first = lineAt(text, from);
      span = { start: from, end: first.end };
      message = `${f.message} (rendered ${doc?.file ? '' : `from ${relative(this.cwd, r.source) || r.source}, `}as: ${wanted})`;
    }
    const document = splitDocuments(text).filter((c) => c.start <= span.start).length - 1;
    return { file, text, finding: { ...f, message, span, document: Math.max(0, document), fixes: [] } };
  }
}
