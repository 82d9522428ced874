/**
 * Editor settings (`netpolLint.*`) -> a configuration layer over the project's `.netpol-lint.yaml`.
 * Untrusted input: bad values are logged and ignored, never thrown. The keys shared with the config
 * file (rules, dns.*, tenantNamespaces, kubernetesVersion, clusterNetworkPolicy.channel) are validated by the same reader as the file.
 *
 * ServerSettings holds the server's settings state: what the editor said last, how to ask it again,
 * and the configuration in force.
 */
import type { InitializeParams } from 'vscode-languageserver';
import { defaultConfig, mergeLayers, parseConfigObject, type ConfigLayer, type LintConfig } from '../core/index';

interface RawSettings {
  rules?: unknown;
  dns?: unknown;
  tenantNamespaces?: unknown;
  kubernetesVersion?: unknown;
  clusterNetworkPolicy?: unknown;
  limits?: { maxFileBytes?: unknown; maxDocuments?: unknown; maxProblemsPerFile?: unknown };
  exclude?: unknown;
}

interface EditorSettings {
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

function readEditorSettings(raw: unknown, log: (msg: string) => void): EditorSettings {
  const limits = { ...defaultConfig().limits };
  let maxProblemsPerFile = DEFAULT_MAX_PROBLEMS_PER_FILE;
  if (raw === null || typeof raw !== 'object') return { layer: {}, limits, maxProblemsPerFile };
  const s = raw as RawSettings;
  const shared = setOnly({
    rules: s.rules,
    dns: setOnly(s.dns as Record<string, unknown>),
    tenantNamespaces: s.tenantNamespaces,
    kubernetesVersion: s.kubernetesVersion,
    clusterNetworkPolicy: setOnly(s.clusterNetworkPolicy as Record<string, unknown>),
  });
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
function configOf(editor: EditorSettings, file?: ConfigLayer): LintConfig {
  return mergeLayers({ ...defaultConfig(), limits: editor.limits }, file, editor.layer);
}

/** `netpolLint.exclude`: glob patterns (relative to the workspace folder) the workspace index skips. */
function readExclude(raw: unknown, log: (msg: string) => void): string[] {
  const v = raw !== null && typeof raw === 'object' ? (raw as RawSettings).exclude : undefined;
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || v.some((g) => typeof g !== 'string')) {
    log(`netpolLint settings: exclude must be a list of glob patterns, got ${JSON.stringify(v)}`);
    return [];
  }
  return v as string[];
}

/** The one reader of `netpolLint.*`: the analysis settings and the index's exclude list, from one raw value. */
function readSettings(raw: unknown, log: (msg: string) => void): { editor: EditorSettings; exclude: string[] } {
  return { editor: readEditorSettings(raw, log), exclude: readExclude(raw, log) };
}

/**
 * The settings state of one server. The client's settings arrive three ways: with `initialize`
 * (`initializationOptions.settings`), as the answer to `workspace/configuration` when the client
 * supports it (asked at `initialized` and on each `didChangeConfiguration`), or pushed in
 * `didChangeConfiguration` otherwise (or when asking fails). All go through `readSettings`.
 */
export class ServerSettings {
  private editor: EditorSettings = readEditorSettings({}, () => undefined);
  private excluded: string[] = [];
  private pull = false;
  private current: LintConfig = defaultConfig();

  /** `ask` requests the `netpolLint` section with `workspace/configuration`. */
  constructor(
    private readonly ask: () => Promise<unknown>,
    private readonly warn: (message: string) => void,
  ) {}

  /** The configuration in force: defaults, the config file's layer, the editor's (see `configure`). */
  get config(): LintConfig {
    return this.current;
  }

  /** `netpolLint.exclude`: glob patterns the workspace index skips. */
  get exclude(): readonly string[] {
    return this.excluded;
  }

  /** Diagnostics published per file at most. */
  get maxProblemsPerFile(): number {
    return this.editor.maxProblemsPerFile;
  }

  /** Does the client answer `workspace/configuration`? (Then the server registers for its changes.) */
  get pullsConfiguration(): boolean {
    return this.pull;
  }

  /**
   * `initialize`: what the client supports, and the settings it sent along, in force at once
   * (without the config file, not located yet). Returns whether there were settings.
   */
  initialize(params: InitializeParams): boolean {
    this.pull = params.capabilities.workspace?.configuration === true;
    const init = params.initializationOptions as { settings?: unknown } | undefined;
    if (!init?.settings) return false;
    this.read(init.settings);
    this.configure(undefined);
    return true;
  }

  /** `initialized`: the settings asked of the client, if it answers (else those of `initialize` stay). */
  async load(): Promise<void> {
    if (!this.pull) return;
    try {
      this.read(await this.ask());
    } catch {
      /* the client may not answer configuration requests; keep the defaults */
    }
  }

  /**
   * `didChangeConfiguration`: the settings asked of the client, or those it pushed (`{ netpolLint }`).
   * Returns whether the exclude list changed (the workspace index must then be rebuilt).
   */
  async changed(pushed: unknown): Promise<boolean> {
    if (this.pull) {
      try {
        return this.read(await this.ask());
      } catch {
        /* fall back to the pushed settings */
      }
    }
    return this.read((pushed as { netpolLint?: unknown } | null)?.netpolLint ?? {});
  }

  /** The configuration with the config file's layer under the editor's; it is in force from now on. */
  configure(file: ConfigLayer | undefined): LintConfig {
    this.current = configOf(this.editor, file);
    return this.current;
  }

  /** Takes raw `netpolLint.*` settings; returns whether the exclude list changed. */
  private read(raw: unknown): boolean {
    const { editor, exclude } = readSettings(raw, this.warn);
    this.editor = editor;
    const changed = exclude.join('\n') !== this.excluded.join('\n');
    this.excluded = exclude;
    return changed;
  }
}
