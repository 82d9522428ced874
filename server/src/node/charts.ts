/**
 * Which Helm chart's `templates/` folder holds a file: the nearest folder named `templates` above
 * it whose parent holds a Chart.yaml (charts nest: `charts/sub/templates/…` belongs to `sub`). The
 * edges (CLI, language server) ask it; the core only hears the answer (core/helm.ts).
 */
import { existsSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';

/** The Helm chart file names (Helm reads `Chart.yaml`; `Chart.yml` is not a chart). */
const CHART_FILE = 'Chart.yaml';

export class ChartFinder {
  /** Folder -> does it hold a Chart.yaml (a workspace asks once per file: many share folders). */
  private readonly holdsChart = new Map<string, boolean>();

  /** The absolute folder of the chart whose templates/ holds this file, if any. */
  chartOf(file: string): string | undefined {
    for (let dir = dirname(resolve(file)); dirname(dir) !== dir; dir = dirname(dir)) {
      if (basename(dir) !== 'templates') continue;
      const chart = dirname(dir);
      let known = this.holdsChart.get(chart);
      if (known === undefined) this.holdsChart.set(chart, (known = existsSync(resolve(chart, CHART_FILE))));
      if (known) return chart;
    }
    return undefined;
  }
}
