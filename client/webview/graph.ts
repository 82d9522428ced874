/**
 * The graph view's script (runs in the webview, bundled to dist/graphView.js): draws the graph the
 * extension posts with Cytoscape.js and fCoSE (namespaces as compound parents), in the editor's
 * theme colours, with the filters of client/src/graph/model.ts. A click on an edge asks the
 * extension for its deciding rules (shown with links that open them); a click on a node opens its
 * manifest. "Compare with git HEAD" asks the extension for the graph of the change (edges and nodes
 * classed added / removed / changed, in the theme's git colours). The drawn state is mirrored in `#graph-state` (JSON) for tests.
 */
import cytoscape from 'cytoscape';
import fcose from 'cytoscape-fcose';
import { edgeId, elementsOf, type Filters, filterGraph, type GraphData, type Location, type Protocol, parsePortFilter } from '../src/graph/model';

interface Explanation {
  from: string;
  to: string;
  allowed: string;
  sides: { side: string; text: string }[];
  rules: { side: string; policy: string; rule: number; allows: string; location?: Location }[];
}

declare function acquireVsCodeApi(): { postMessage(m: unknown): void };
const vscode = acquireVsCodeApi();
cytoscape.use(fcose);

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const nsSelect = $<HTMLSelectElement>('f-namespace');
const portInput = $<HTMLInputElement>('f-port');
const protoSelect = $<HTMLSelectElement>('f-protocol');
const crossBox = $<HTMLInputElement>('f-cross');
const extBox = $<HTMLInputElement>('f-external');
const compareBox = $<HTMLInputElement>('f-compare');
const details = $<HTMLDivElement>('details');
const stateEl = $<HTMLPreElement>('graph-state');

let data: GraphData = { namespaces: [], nodes: [], edges: [] };
let explanation: Explanation | undefined;
let lastRenderMs = 0;

const css = (name: string, fallback: string) => getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;

/** A node as wide as its label (Cytoscape's own `width: label` is deprecated and leaves some nodes undrawn). */
const labelWidth = (label: string) => Math.max(36, Math.round(label.length * 6.5) + 12);

function style(): cytoscape.StylesheetJson {
  const fg = css('--vscode-editor-foreground', '#ccc');
  const bg = css('--vscode-editor-background', '#1e1e1e');
  const group = css('--vscode-editorWidget-border', '#555');
  const node = css('--vscode-button-background', '#0e639c');
  const nodeFg = css('--vscode-button-foreground', '#fff');
  const cross = css('--vscode-editorWarning-foreground', '#cca700');
  const ext = css('--vscode-charts-purple', '#b180d7');
  const edge = css('--vscode-descriptionForeground', '#999');
  const sel = css('--vscode-focusBorder', '#007fd4');
  const font = css('--vscode-font-family', 'sans-serif');
  const added = css('--vscode-gitDecoration-addedResourceForeground', '#81b88b');
  const removed = css('--vscode-gitDecoration-deletedResourceForeground', '#c74e39');
  const changed = css('--vscode-gitDecoration-modifiedResourceForeground', '#e2c08d');
  return [
    {
      selector: 'node',
      style: {
        label: 'data(label)',
        'font-family': font,
        'font-size': 11,
        color: nodeFg,
        'background-color': node,
        'text-valign': 'center',
        'text-halign': 'center',
        shape: 'round-rectangle',
        width: (n: cytoscape.NodeSingular) => labelWidth(n.data('label') as string),
        height: 22,
        padding: '6px',
      },
    },
    { selector: 'node.external', style: { 'background-color': ext, shape: 'ellipse' } },
    {
      selector: 'node.group',
      style: {
        'background-color': bg,
        'background-opacity': 0.4,
        'border-color': group,
        'border-width': 1,
        color: fg,
        'text-valign': 'top',
        'text-halign': 'center',
        'font-weight': 'bold',
        shape: 'round-rectangle',
      },
    },
    {
      selector: 'edge',
      style: {
        label: 'data(label)',
        'font-size': 9,
        'font-family': font,
        color: fg,
        'text-background-color': bg,
        'text-background-opacity': 0.8,
        'line-color': edge,
        'target-arrow-color': edge,
        'target-arrow-shape': 'triangle',
        'curve-style': 'bezier',
        width: 1.5,
      },
    },
    { selector: 'edge.cross-namespace', style: { 'line-color': cross, 'target-arrow-color': cross, 'line-style': 'dashed', width: 2 } },
    { selector: 'edge.external', style: { 'line-color': ext, 'target-arrow-color': ext } },
    // compared with git HEAD (after the scope styles: the change wins)
    { selector: 'edge.added', style: { 'line-color': added, 'target-arrow-color': added, 'line-style': 'solid', width: 2.5 } },
    { selector: 'edge.removed', style: { 'line-color': removed, 'target-arrow-color': removed, 'line-style': 'dashed', width: 2 } },
    { selector: 'edge.changed', style: { 'line-color': changed, 'target-arrow-color': changed, 'line-style': 'solid', width: 2.5 } },
    { selector: 'node.added', style: { 'border-color': added, 'border-width': 3 } },
    { selector: 'node.removed', style: { 'border-color': removed, 'border-width': 3, 'border-style': 'dashed', opacity: 0.7 } },
    { selector: ':selected', style: { 'border-color': sel, 'border-width': 2, 'line-color': sel, 'target-arrow-color': sel } },
  ];
}

const cy = cytoscape({ container: $('graph'), style: style(), minZoom: 0.05, maxZoom: 4 });

function filters(): Filters {
  return {
    namespace: nsSelect.value || undefined,
    port: parsePortFilter(portInput.value),
    protocol: (protoSelect.value || undefined) as Protocol | undefined,
    crossNamespaceOnly: crossBox.checked,
    externalOnly: extBox.checked,
  };
}

const CHANGES = ['added', 'removed', 'changed'];

/** What is drawn (visible only: an element Cytoscape does not draw is not in it), for tests and benchmarks. */
function writeState(): void {
  stateEl.textContent = JSON.stringify({
    nodes: cy
      .nodes(':childless:visible')
      .map((n) => n.id())
      .sort(),
    edges: cy
      .edges(':visible')
      .map((e) => {
        const change = CHANGES.find((c) => e.hasClass(c));
        return { from: e.source().id(), to: e.target().id(), label: e.data('label') as string, ...(change ? { change } : {}) };
      })
      .sort((a, b) => edgeId(a).localeCompare(edgeId(b))),
    renderMs: lastRenderMs,
    explanation: explanation ?? null,
  });
}

function render(): void {
  const started = performance.now();
  const { nodes, edges } = filterGraph(data, filters());
  cy.batch(() => {
    cy.elements().remove();
    cy.add(elementsOf(nodes, edges));
  });
  const layout = cy.layout({
    name: 'fcose',
    animate: false,
    randomize: true,
    quality: nodes.length > 300 ? 'draft' : 'default',
    nodeDimensionsIncludeLabels: true,
    packComponents: true,
  } as cytoscape.LayoutOptions);
  layout.one('layoutstop', () => {
    cy.fit(undefined, 20);
    requestAnimationFrame(() => {
      lastRenderMs = Math.round(performance.now() - started);
      writeState();
    });
  });
  layout.run();
}

function namespaces(): void {
  const chosen = nsSelect.value;
  nsSelect.replaceChildren(new Option('every namespace', ''), ...data.namespaces.map((n) => new Option(n, n)));
  nsSelect.value = data.namespaces.includes(chosen) ? chosen : '';
}

function link(text: string, location: Location | undefined): HTMLElement {
  if (!location) return Object.assign(document.createElement('span'), { textContent: text });
  const a = document.createElement('a');
  a.href = '#';
  a.textContent = text;
  a.className = 'rule-link';
  a.addEventListener('click', (ev) => {
    ev.preventDefault();
    vscode.postMessage({ type: 'open', location });
  });
  return a;
}

function showExplanation(e: Explanation): void {
  explanation = e;
  const head = Object.assign(document.createElement('h3'), { textContent: `${e.from} → ${e.to}: ${e.allowed}` });
  const sides = e.sides.map((s) => Object.assign(document.createElement('p'), { textContent: s.text }));
  const list = document.createElement('ul');
  for (const r of e.rules) {
    const li = document.createElement('li');
    li.append(link(`${r.policy} ${r.side}[${r.rule}]`, r.location), ` allows ${r.allows}`);
    list.append(li);
  }
  details.replaceChildren(head, ...sides, ...(e.rules.length ? [list] : []));
  writeState();
}

cy.on('tap', 'edge', (ev) => {
  const e = ev.target as cytoscape.EdgeSingular;
  // a workload the change removed has no rules left to show: what it had at HEAD is the edge's title
  if (e.source().hasClass('removed') || e.target().hasClass('removed')) {
    const text = `${e.source().id()} → ${e.target().id()}: removed with the workload (at git HEAD: ${e.data('title') as string})`;
    details.replaceChildren(Object.assign(document.createElement('p'), { textContent: text }));
    return;
  }
  const to = data.nodes.find((n) => n.id === e.target().id());
  vscode.postMessage({ type: 'edge', from: e.source().id(), to: e.target().id(), toMembers: to?.members });
});
cy.on('tap', 'node', (ev) => {
  const n = data.nodes.find((x) => x.id === (ev.target as cytoscape.NodeSingular).id());
  details.replaceChildren(Object.assign(document.createElement('p'), { textContent: n?.title ?? '' }));
  if (n?.location) vscode.postMessage({ type: 'open', location: n.location });
});

for (const el of [nsSelect, protoSelect, crossBox, extBox]) el.addEventListener('change', render);
compareBox.addEventListener('change', () => vscode.postMessage({ type: 'compare', on: compareBox.checked }));
let typing: ReturnType<typeof setTimeout> | undefined;
portInput.addEventListener('input', () => {
  clearTimeout(typing);
  typing = setTimeout(render, 250);
});

window.addEventListener('message', (ev: MessageEvent) => {
  const m = ev.data as { type: string; data?: GraphData; namespace?: string; explanation?: Explanation; error?: string; from?: string; to?: string };
  // what a click on that edge does (the e2e suite's way to one edge of the canvas)
  if (m.type === 'tap-edge' && m.from && m.to) cy.getElementById(edgeId({ from: m.from, to: m.to })).emit('tap');
  if (m.type === 'graph' && m.data) {
    data = m.data;
    namespaces();
    if (m.namespace !== undefined && data.namespaces.includes(m.namespace)) nsSelect.value = m.namespace;
    render();
  } else if (m.type === 'explanation' && m.explanation) showExplanation(m.explanation);
  else if (m.type === 'error') details.replaceChildren(Object.assign(document.createElement('p'), { className: 'error', textContent: m.error ?? '' }));
});
// a theme change swaps the body's class (and the --vscode-* values)
new MutationObserver(() => cy.style(style())).observe(document.body, { attributes: true, attributeFilter: ['class'] });
vscode.postMessage({ type: 'ready' });
