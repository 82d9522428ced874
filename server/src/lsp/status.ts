/**
 * What the server tells a person about itself: one line in the client's log (window/logMessage,
 * VS Code's "NetworkPolicy Lint" output) per event — start, the configuration in force, each
 * (re)index, each configuration reload — and the `netpolLint/status` notification the VS Code
 * client shows as a language status item. Nothing per keystroke: a config file edited in its
 * editor is announced once the edits pause.
 */
import type { LintConfig } from '../core/index';
import type { StatusParams } from '../shared/commands';

/** How long edits of the config file in its editor must pause before the reload is logged. */
const EDIT_QUIET_MS = 1000;
/** Indexing progress is sent at most this often (and always at its end). */
const PROGRESS_EVERY_MS = 100;

interface StatusHost {
  info(message: string): void;
  notify(params: StatusParams): void;
}

/** The DNS profile in one line: where the cluster DNS runs and the ports it answers on. */
export function dnsLine(dns: LintConfig['dns']): string {
  const labels = Object.entries(dns.podLabels)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  const local = dns.nodeLocalIPs.length > 0 ? `; NodeLocal DNSCache ${dns.nodeLocalIPs.join(', ')}` : '';
  return `DNS profile: pods ${labels || '(any)'} in namespace ${dns.namespace}, UDP and TCP port ${dns.ports.join(', ')}${local}`;
}

export class ServerStatus {
  private state: StatusParams = { configFile: null, kubernetesVersion: '', indexing: null, indexedFiles: 0 };
  /** The configuration lines last logged (each is logged again only when it changes). */
  private logged: string[] = [];
  private editTimer: ReturnType<typeof setTimeout> | undefined;
  private lastProgress = 0;

  constructor(private readonly host: StatusHost) {}

  started(version: string): void {
    this.host.info(`NetworkPolicy Lint server ${version} started (Node.js ${process.version})`);
  }

  /**
   * A configuration is in force. `why` says what reloaded it (undefined at start); `edited`: the
   * config file's editor changed it, so the reload is logged once the edits pause.
   */
  configured(config: LintConfig, configFile: string | null, why?: string, edited = false): void {
    this.state = { ...this.state, configFile, kubernetesVersion: config.kubernetesVersion };
    const lines = [
      `Config file: ${configFile ?? 'none: defaults'}`,
      dnsLine(config.dns),
      `Kubernetes version: ${config.kubernetesVersion}`,
      `ClusterNetworkPolicy CRDs: ${config.clusterNetworkPolicy.channel} channel`,
    ];
    const announce = () => {
      if (why) this.host.info(`Configuration reloaded: ${why}`);
      lines.forEach((l, i) => {
        if (l !== this.logged[i]) this.host.info(l);
      });
      this.logged = lines;
    };
    if (this.editTimer) clearTimeout(this.editTimer);
    this.editTimer = undefined;
    if (edited) this.editTimer = setTimeout(announce, EDIT_QUIET_MS);
    else announce();
    this.host.notify(this.state);
  }

  /** The workspace folders are being read: `done` of `total` files. */
  indexing(done: number, total: number): void {
    const now = Date.now();
    if (done > 0 && done < total && now - this.lastProgress < PROGRESS_EVERY_MS) return;
    this.lastProgress = now;
    this.state = { ...this.state, indexing: { done, total } };
    this.host.notify(this.state);
  }

  /** Are the workspace folders being read now? */
  get isIndexing(): boolean {
    return this.state.indexing !== null;
  }

  indexed(files: number, ms: number): void {
    this.host.info(`Indexed ${files} YAML and JSON ${files === 1 ? 'file' : 'files'} of the workspace in ${ms} ms`);
    this.state = { ...this.state, indexing: null, indexedFiles: files };
    this.host.notify(this.state);
  }
}
