/**
 * The project's `.netpol-lint.yaml` for the language server: the one at the root of the (first)
 * workspace folder — never one above it, since the server reads nothing outside the workspace
 * folders, and none without a folder. Read from disk, or from its editor while open (so edits
 * apply as you type). Its problems become `invalid-config` diagnostics on it.
 */
import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { CONFIG_FILE_NAME, engineFinding, LineIndex, parseConfigFile, type ConfigLayer, type FileFinding } from '../core/index';

export class ProjectConfig {
  /** The config file's URI (the workspace key), once found. */
  key: string | undefined;
  layer: ConfigLayer | undefined;
  private problems: FileFinding[] = [];
  private text = '';

  constructor(private readonly log: (m: string) => void) {}

  /** Looks for the file at the folder's root; returns whether what is in force changed. */
  async locate(folder: string | undefined, openText: (key: string) => string | undefined): Promise<boolean> {
    const file = folder && existsSync(path.join(folder, CONFIG_FILE_NAME)) ? path.join(folder, CONFIG_FILE_NAME) : undefined;
    const key = file ? URI.file(file).toString() : undefined;
    if (!key) {
      const changed = this.key !== undefined;
      this.key = undefined;
      this.layer = undefined;
      this.problems = [];
      return changed;
    }
    this.key = key;
    const text = openText(key) ?? (await fs.readFile(file!, 'utf8').catch(() => ''));
    // opened in the editor while the disk was read: its text wins (it was read already)
    return this.read(openText(key) ?? text);
  }

  /** New text for the config file (from its editor or from disk); returns whether it changed. */
  read(text: string): boolean {
    if (text === this.text && this.layer !== undefined) return false;
    this.text = text;
    const { layer, problems } = parseConfigFile(text);
    this.layer = layer;
    this.problems = problems.map((p) => ({ ...engineFinding('invalid-config', p.message, p.span), document: 0 }));
    for (const p of problems) this.log(`netpol-lint: ${CONFIG_FILE_NAME}: ${p.message} (ignored; the rest of the file and the defaults stay in force)`);
    return true;
  }

  /** Is this URI (a workspace key) a config file (this one, or one that could become it)? */
  static isConfigUri(key: string): boolean {
    try {
      return path.basename(URI.parse(key).fsPath) === CONFIG_FILE_NAME;
    } catch {
      return false;
    }
  }

  /** The config file's problems, with positions of its current text. */
  findings(): { findings: FileFinding[]; lines: LineIndex } {
    return { findings: this.problems, lines: new LineIndex(this.text) };
  }
}
