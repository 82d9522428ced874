/**
 * Editor settings (`netpolLint.*`) -> a configuration layer over the project's `.netpol-lint.yaml`.
 * Untrusted input: bad values are logged and ignored, never thrown. The keys shared with the config
 * file (rules, dns.*, tenantNamespaces) are validated by the same reader as the file.
 */
import { defaultConfig, mergeLayers, parseConfigObject, type ConfigLayer, type LintConfig } from '../core/index';

export interface RawSettings {
  rules?: unknown;
  dns?: unknown;
  tenantNamespaces?: unknown;
  limits?: { maxFileBytes?: unknown; maxDocuments?: unknown; maxProblemsPerFile?: unknown };
  exclude?: unknown;
}

export interface EditorSettings {
  /** What the editor says about the keys it shares with the config file. */
  layer: ConfigLayer;
  limits: LintConfig['limits'];
  /** Diagnostics published per file at most (the rest are summed up in one note); VS Code shows 1,000. */
  maxProblemsPerFile: number;
}

const DEFAULT_MAX_PROBLEMS_PER_FILE = 1000;

function positiveInt(v: unknown, name: string, log: (msg: string) => void): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number' && Number.isInteger(v) && v > 0) return v;
  log(`netpolLint settings: limits.${name} must be a whole number above 0, got ${JSON.stringify(v)}`);
  return undefined;
}

/** Drops null/empty values: VS Code sends every declared setting, and "not set" must not override the file. */
function setOnly(o: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!o || typeof o !== 'object') return undefined;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o))
    if (v !== null && v !== undefined && !(typeof v === 'object' && !Array.isArray(v) && Object.keys(v as object).length === 0)) out[k] = v;
  return Object.keys(out).length ? out : undefined;
}

export function readEditorSettings(raw: unknown, log: (msg: string) => void): EditorSettings {
  const limits = { ...defaultConfig().limits };
  let maxProblemsPerFile = DEFAULT_MAX_PROBLEMS_PER_FILE;
  if (raw === null || typeof raw !== 'object') return { layer: {}, limits, maxProblemsPerFile };
  const s = raw as RawSettings;
  const shared = setOnly({ rules: s.rules, dns: setOnly(s.dns as Record<string, unknown>), tenantNamespaces: s.tenantNamespaces });
  let layer: ConfigLayer = {};
  if (shared) {
    const read = parseConfigObject(shared);
    layer = read.layer;
    for (const p of read.problems) log(`netpolLint settings: ${p.message}`);
  }
  if (s.limits && typeof s.limits === 'object') {
    limits.maxFileBytes = positiveInt(s.limits.maxFileBytes, 'maxFileBytes', log) ?? limits.maxFileBytes;
    limits.maxDocuments = positiveInt(s.limits.maxDocuments, 'maxDocuments', log) ?? limits.maxDocuments;
    maxProblemsPerFile = positiveInt(s.limits.maxProblemsPerFile, 'maxProblemsPerFile', log) ?? maxProblemsPerFile;
  }
  return { layer, limits, maxProblemsPerFile };
}

/** The configuration: defaults, then the config file's layer, then the editor's (which wins). */
export function configOf(editor: EditorSettings, file?: ConfigLayer): LintConfig {
  return mergeLayers({ ...defaultConfig(), limits: editor.limits }, file, editor.layer);
}

/** `netpolLint.exclude`: glob patterns (relative to the workspace folder) the workspace index skips. */
export function readExclude(raw: unknown, log: (msg: string) => void): string[] {
  const v = raw !== null && typeof raw === 'object' ? (raw as RawSettings).exclude : undefined;
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || v.some((g) => typeof g !== 'string')) {
    log(`netpolLint settings: exclude must be a list of glob patterns, got ${JSON.stringify(v)}`);
    return [];
  }
  return v as string[];
}

/** The one reader of `netpolLint.*`: the analysis settings and the index's exclude list, from one raw value. */
export function readSettings(raw: unknown, log: (msg: string) => void): { editor: EditorSettings; exclude: string[] } {
  return { editor: readEditorSettings(raw, log), exclude: readExclude(raw, log) };
}
