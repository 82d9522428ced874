/**
 * The project's `.netpol-lint.yaml` for the language server: the one at the root of the (first)
 * workspace folder — never one above it, since the server reads nothing outside the workspace
 * folders, and none without a folder. Read from disk, or from its editor while open (so edits
 * apply as you type). Its problems become `invalid-config` diagnostics on it.
 *
 * Like every file the server reads: only when its real path is inside the folder's real path (a
 * `.netpol-lint.yaml` that links out of the workspace is not in force, and never read), only a
 * regular file (not a FIFO or a device), and at most MAX_CONFIG_BYTES; a refusal is one log line.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { CONFIG_FILE_NAME, engineFinding, LineIndex, MAX_CONFIG_BYTES, parseConfigFile, type ConfigLayer, type FileFinding } from '../core/index';
import { decode, describeError, insideAny, readRegularFile } from '../node/safeFiles';

export class ProjectConfig {
  /** The config file's URI (the workspace key), once found. */
  key: string | undefined;
  layer: ConfigLayer | undefined;
  private problems: FileFinding[] = [];
  private text = '';
  /** The last refusal logged (so that it is said once). */
  private refused: string | undefined;

  constructor(private readonly log: (m: string) => void) {}

  /** Looks for the file at the folder's root; returns whether what is in force changed. */
  async locate(folder: string | undefined, openText: (key: string) => string | undefined): Promise<boolean> {
    const file = folder ? path.join(folder, CONFIG_FILE_NAME) : undefined;
    const found = file ? await this.readable(folder!, file) : undefined;
    if (!found) {
      const changed = this.key !== undefined;
      this.key = undefined;
      this.layer = undefined;
      this.problems = [];
      return changed;
    }
    const key = URI.file(file!).toString();
    let text = openText(key);
    if (text === undefined) {
      try {
        text = decode(await readRegularFile(found, MAX_CONFIG_BYTES)).text;
      } catch (e) {
        // vanished, or replaced by something that is not a regular file, since readable() looked
        this.refuse(`not reading ${file}: ${describeError(e)}; the defaults are in force`);
        return this.locate(undefined, openText);
      }
    }
    this.refused = undefined;
    this.key = key;
    // opened in the editor while the disk was read: its text wins (it was read already)
    return this.read(openText(key) ?? text);
  }

  /** The config file's real path, if there is one the server may read (a refusal logged once). */
  private async readable(folder: string, file: string): Promise<string | undefined> {
    let real: string;
    let root: string;
    try {
      const st = await fs.stat(file);
      real = await fs.realpath(file);
      root = await fs.realpath(folder);
      if (!insideAny(real, [root])) {
        this.refuse(`not reading ${file}: a symbolic link to outside the workspace folder; the defaults are in force`);
        return undefined;
      }
      if (!st.isFile() || st.size > MAX_CONFIG_BYTES) {
        await readRegularFile(real, MAX_CONFIG_BYTES); // throws the reason
      }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') this.refused = undefined;
      else this.refuse(`not reading ${file}: ${describeError(e)}; the defaults are in force`);
      return undefined;
    }
    return real;
  }

  private refuse(message: string): void {
    if (message !== this.refused) this.log(`netpol-lint: ${message}`);
    this.refused = message;
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
