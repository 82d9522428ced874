/**
 * Findings -> LSP diagnostics. Offsets become positions here, at the edge, and only here.
 *
 * A keystroke changes one document of the file; every other finding keeps its object (the
 * identity contract of FileResult, core/pipeline/fileResult.ts) and, unless lines were added or removed above it, its positions. So each
 * finding's diagnostic is converted once and reused while its document starts at the same position;
 * only the version in `data` is new. Its JSON is kept too, as UTF-8 bytes: a publish of thousands
 * of diagnostics is copied together from those pieces (see publishEncoder.ts) instead of being
 * serialised and encoded again.
 */
import type { Diagnostic, DiagnosticSeverity, PublishDiagnosticsParams, Range, TextEdit as LspTextEdit } from 'vscode-languageserver';
import { docsUrl, SEVERITIES, shiftRecipe, type Finding, type PlacedFileFinding, type Position, type Severity } from '../core/index';
import { packRecipe, type PackedRecipe } from './recipeData';

export const SOURCE = 'netpol-lint';

const SEVERITY: Record<Severity, DiagnosticSeverity> = { error: 1, warning: 2, information: 3, hint: 4 };

/**
 * A fix in `data`: its title and edits, ready to apply, or for a fix that writes a whole YAML block,
 * the recipe the code action handler writes its title and edits from (packed: see recipeData.ts).
 */
interface FixData {
  title?: string;
  edits?: LspTextEdit[];
  recipe?: PackedRecipe;
  preferred?: boolean;
}

/**
 * What every diagnostic of ours carries in `data`: the version of the text it was made for, and the
 * fixes, ready to apply, if it has any (most have none: no empty list in every diagnostic of a
 * publish). "Disable <code> for this line" is not in it: the code action handler writes that comment
 * from the diagnostic's line, in the same version, which keeps every publish smaller.
 */
export interface DiagnosticData {
  version: number;
  fixes?: FixData[];
}

interface Positions {
  positionAt(offset: number): Position;
}

interface Converted {
  /** The line the finding's document started at when converted (documents start at a line start). */
  line: number;
  diagnostic: Omit<Diagnostic, 'data'>;
  fixes: FixData[];
  /**
   * The diagnostic's JSON as UTF-8, in two pieces around the version in `data` (made on first
   * publish): `,{...,"data":{"version":` (with a leading comma) and `,"fixes":[...]}}`, or `}}`.
   */
  before?: Buffer;
  after?: Buffer;
}

function convert(p: PlacedFileFinding, lines: Positions): Converted {
  const { finding: f, start } = p;
  const range = (a: number, b: number): Range => ({ start: lines.positionAt(start + a), end: lines.positionAt(start + b) });
  return {
    line: p.line,
    diagnostic: {
      range: range(f.span.start, f.span.end),
      severity: SEVERITY[f.severity],
      source: SOURCE,
      code: f.code,
      codeDescription: { href: docsUrl(f.code) },
      message: f.message,
    },
    fixes: (f.fixes ?? [])
      .filter((fix) => fix.recipe !== undefined || fix.edits.length > 0)
      .map((fix) => ({
        ...(fix.recipe
          ? { recipe: packRecipe(shiftRecipe(fix.recipe, start), (o) => lines.positionAt(o)) }
          : { title: fix.title, edits: fix.edits.map((e) => ({ range: range(e.start, e.end), newText: e.newText })) }),
        ...(fix.preferred ? { preferred: true } : {}),
      })),
  };
}

function toDiagnostic(c: Converted, version: number): Diagnostic {
  const data: DiagnosticData = c.fixes.length > 0 ? { version, fixes: c.fixes } : { version };
  return { ...c.diagnostic, data };
}

/** The UTF-8 JSON of a publication's parameters, for an encoder that knows it (see publishEncoder.ts). */
export const PUBLICATION_BYTES = Symbol('netpol-lint publication bytes');

/** A publication's parameters as UTF-8 JSON, written straight into the encoder's buffer (no list of pieces). */
interface PublicationBytes {
  readonly byteLength: number;
  /** Writes the bytes into `target` from `offset`; returns the offset after them. */
  writeTo(target: Uint8Array, offset: number): number;
}

/** The converted diagnostics of a publication, to compare it with the one sent before (see samePublication). */
const CONVERTED = Symbol('netpol-lint converted diagnostics');

export interface Publication extends PublishDiagnosticsParams {
  [PUBLICATION_BYTES](): PublicationBytes;
  /** The version in the diagnostics' data, and the diagnostics. */
  readonly [CONVERTED]: { readonly version: number; readonly cs: readonly Converted[] };
}

const END = Buffer.from(']}');

/**
 * Copies `bytes` into `target` at `at`; returns the offset after them. A few bytes (a version, the
 * `}}` closing a diagnostic without fixes) are copied by hand: a call into `set` costs more than
 * they do, thousands of times per publish.
 */
function put(target: Uint8Array, bytes: Uint8Array, at: number): number {
  if (bytes.length > 16) target.set(bytes, at);
  else for (let i = 0; i < bytes.length; i++) target[at + i] = bytes[i];
  return at + bytes.length;
}

/** Findings of one text: a file's, or the config file's own. */
export interface PublicationPart {
  placed: readonly PlacedFileFinding[];
  lines: Positions;
}

/** The diagnostic telling how many findings a publish past its limit leaves out. */
function moreNote(more: number, limit: number): Converted {
  return {
    line: 0,
    diagnostic: {
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      severity: SEVERITY.information,
      source: SOURCE,
      message: `${more.toLocaleString('en-US')} more netpol-lint ${more === 1 ? 'finding is' : 'findings are'} not shown: the editor gets at most ${limit.toLocaleString('en-US')} per file (setting netpolLint.limits.maxProblemsPerFile). The CLI lists them all.`,
    },
    fixes: [],
  };
}

/**
 * Findings -> publications, keeping each finding's converted diagnostic (and its JSON bytes) for
 * the next publish. The cache is keyed by finding object: the core keeps a finding's object while
 * its document is unchanged (see FileAnalyzer.finish), and `line` tells whether the document moved.
 * The server has one Converter (its Publisher's); the cache lets go of a finding with the finding.
 */
export class Converter {
  private readonly converted = new WeakMap<Finding, Converted>();

  /**
   * The parameters of a publishDiagnostics notification for the findings of one file (in parts: the
   * file's findings, and the config file's own). `diagnostics` is built only if someone reads it;
   * the stdio encoder asks for the bytes instead, copied together from each diagnostic's kept bytes.
   * Past `limit` findings, the most severe `limit - 1` and a note about the rest (see mostSevere).
   * `version` is the one in each diagnostic's `data` (what the code actions check); the
   * notification itself says `version` only when `announce` is true (the client gave a valid one).
   */
  publication(uri: string, version: number, parts: readonly PublicationPart[], limit = Infinity, announce = true): Publication {
    let count = 0;
    for (const part of parts) count += part.placed.length;
    let cs: Converted[];
    if (count <= limit) {
      cs = new Array<Converted>(count);
      let at = 0;
      for (const part of parts) for (const p of part.placed) cs[at++] = this.kept(p, part.lines);
    } else cs = this.mostSevere(parts, Math.max(1, limit), count);
    return publicationOf(uri, version, cs, announce);
  }

  /** The finding's diagnostic, converted again only if its document has moved to another line. */
  private kept(p: PlacedFileFinding, lines: Positions): Converted {
    let c = this.converted.get(p.finding);
    if (!c || c.line !== p.line) {
      c = convert(p, lines);
      this.converted.set(p.finding, c);
    }
    return c;
  }

  /**
   * The first `limit - 1` findings by severity (errors first, each severity in file order), then a
   * note that says how many more there are. VS Code shows at most 1,000 diagnostics of an extension
   * per file, chosen the same way, and drops the rest after they have crossed the pipe and been
   * parsed; sending only what is shown spares both ends. The CLI always reports everything.
   */
  private mostSevere(parts: readonly PublicationPart[], limit: number, count: number): Converted[] {
    const keep = limit - 1;
    const cs: Converted[] = [];
    // (SEVERITIES lists them most severe first)
    severities: for (const severity of SEVERITIES) {
      for (const part of parts) {
        for (const p of part.placed) {
          if (cs.length >= keep) break severities;
          if (p.finding.severity === severity) cs.push(this.kept(p, part.lines));
        }
      }
    }
    cs.push(moreNote(count - cs.length, limit));
    return cs;
  }
}

/** The diagnostic's JSON around its version, made once (see Converted). */
function pieces(c: Converted): { before: Buffer; after: Buffer } {
  c.before ??= Buffer.from(`,${JSON.stringify(c.diagnostic).slice(0, -1)},"data":{"version":`);
  c.after ??= Buffer.from(c.fixes.length > 0 ? `,"fixes":${JSON.stringify(c.fixes)}}}` : '}}');
  return c as { before: Buffer; after: Buffer };
}

/**
 * Would these two publications write the same JSON? (The same URI, version and diagnostics: a
 * diagnostic the same converted object, or one whose JSON has the same bytes.) The publisher sends
 * a file again only when its publication differs from the one it sent last.
 */
export function samePublication(a: Publication, b: Publication): boolean {
  const x = a[CONVERTED].cs;
  const y = b[CONVERTED].cs;
  // announced or not, the version is in every diagnostic's data
  if (a.uri !== b.uri || a.version !== b.version || a[CONVERTED].version !== b[CONVERTED].version || x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) {
    if (x[i] === y[i]) continue;
    const p = pieces(x[i]);
    const q = pieces(y[i]);
    if (!p.before.equals(q.before) || !p.after.equals(q.after)) return false;
  }
  return true;
}

/**
 * The publication of these converted diagnostics at `version` (in their data; in the notification
 * too when `announce`). Never `"version":undefined`: the caller's version is a number.
 */
function publicationOf(uri: string, version: number, cs: readonly Converted[], announce: boolean): Publication {
  let diagnostics: Diagnostic[] | undefined;
  return {
    uri,
    ...(announce ? { version } : {}),
    get diagnostics() {
      return (diagnostics ??= cs.map((c) => toDiagnostic(c, version)));
    },
    [CONVERTED]: { version, cs },
    [PUBLICATION_BYTES]() {
      const head = Buffer.from(`{"uri":${JSON.stringify(uri)},${announce ? `"version":${version},` : ''}"diagnostics":[`);
      const v = Buffer.from(String(version));
      // each diagnostic is `before` (with a leading comma, left out for the first), the version, `after`
      let byteLength = head.length + END.length - (cs.length > 0 ? 1 : 0);
      for (const c of cs) {
        const { before, after } = pieces(c);
        byteLength += before.length + v.length + after.length;
      }
      return {
        byteLength,
        writeTo(target: Uint8Array, offset: number): number {
          let at = offset;
          target.set(head, at);
          at += head.length;
          for (let i = 0; i < cs.length; i++) {
            const { before, after } = cs[i];
            if (i === 0) target.set(before!.subarray(1), at);
            else target.set(before!, at);
            at += before!.length - (i === 0 ? 1 : 0);
            at = put(target, v, at);
            at = put(target, after!, at);
          }
          target.set(END, at);
          return at + END.length;
        },
      };
    },
  };
}
