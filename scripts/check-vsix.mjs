// Checks the packaged extension: under 1 MB, and only the bundles, snippets, grammar, icon, walkthrough and docs (README, CHANGELOG,
// LICENSE, every rule page) inside.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';

const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

const file = process.argv[2] ?? 'netpol-lint.vsix';
const size = statSync(file).size;
const listing = execFileSync('unzip', ['-Z1', file], { encoding: 'utf8' }).trim().split('\n');
const allowed = [
  /^extension\.vsixmanifest$/,
  /^\[Content_Types\]\.xml$/,
  /^extension\/package\.json$/,
  /^extension\/(readme|changelog)\.md$/i,
  /^extension\/LICENSE(\.txt)?$/,
  /^extension\/dist\/(extension|server|cli|graphView)\.js$/,
  /^extension\/snippets\/[^/]+\.json$/,
  /^extension\/syntaxes\/[^/]+\.json$/,
  /^extension\/schemas\/[^/]+\.json$/,
  /^extension\/media\/icon\.png$/,
  /^extension\/media\/walkthrough\/[^/]+\.md$/,
  /^extension\/docs\/rules\/[a-z0-9-]+\.md$/,
];
const unexpected = listing.filter((f) => !allowed.some((re) => re.test(f)));
const required = [
  'extension/dist/extension.js',
  'extension/dist/server.js',
  'extension/dist/cli.js',
  'extension/dist/graphView.js',
  'extension/snippets/networkpolicy.json',
  'extension/schemas/netpol-lint-config.schema.json',
  'extension/schemas/netpol-tests.schema.json',
  'extension/media/icon.png',
  ...readdirSync(new URL('../docs/rules/', import.meta.url)).map((f) => `extension/docs/rules/${f}`),
  ...manifest.contributes.walkthroughs.flatMap((w) => w.steps.map((s) => `extension/${s.media.markdown}`)),
];
const missing = required.filter((f) => !listing.includes(f));
console.log(`${file}: ${(size / 1024).toFixed(1)} KB, ${listing.length} files`);
// the marketplace page (docs/marketplace.md), not the developers' README
const readme = listing.includes('extension/readme.md') ? execFileSync('unzip', ['-p', file, 'extension/readme.md'], { encoding: 'utf8' }) : '';
const failures = [
  size >= 1024 * 1024 && `${size} bytes is not under 1 MB`,
  unexpected.length > 0 && `unexpected files: ${unexpected.join(', ')}`,
  missing.length > 0 && `missing files: ${missing.join(', ')}`,
  !readme.startsWith('# NetworkPolicy Lint\n') && 'extension/readme.md is not docs/marketplace.md',
].filter(Boolean);
for (const f of failures) console.log(`FAIL: ${f}`);
const failed = failures.length;
console.log(`${4 - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
