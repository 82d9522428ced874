/** The extension manifest agrees with the rule registry and the design card. */
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { RULES } from '../../server/src/core/index';

const pkg = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8'));
/** The setting categories (General, DNS, Limits) and every setting of them. */
const categories: { id: string; title: string; properties: Record<string, any> }[] = pkg.contributes.configuration;
const settings: Record<string, any> = Object.assign({}, ...categories.map((c) => c.properties));

describe('package.json', () => {
  it('offers a severity setting for exactly the registered rules', () => {
    const props = settings['netpolLint.rules'].properties;
    assert.deepEqual(Object.keys(props).sort(), RULES.map((r) => r.meta.code).sort());
    for (const p of Object.values(props) as { enum: string[] }[]) assert.deepEqual(p.enum, ['off', 'error', 'warning', 'information', 'hint']);
  });

  it('ships a config-file schema that agrees with the registry, and associates it with .netpol-lint.yaml', () => {
    const schema = JSON.parse(readFileSync(join(__dirname, '../../schemas/netpol-lint-config.schema.json'), 'utf8'));
    assert.deepEqual(Object.keys(schema.properties.rules.properties).sort(), RULES.map((r) => r.meta.code).sort());
    assert.deepEqual(Object.keys(schema.properties).sort(), [
      'admission',
      'clusterNetworkPolicy',
      'dns',
      'exclude',
      'helm',
      'kubernetesVersion',
      'render',
      'rules',
      'tenantNamespaces',
      'tests',
    ]);
    // the tests section is the tests file's schema itself
    const tests = JSON.parse(readFileSync(join(__dirname, '../../schemas/netpol-tests.schema.json'), 'utf8'));
    assert.deepEqual(schema.properties.tests.properties, tests.properties);
    assert.deepEqual(schema.definitions, tests.definitions);
    assert.deepEqual(pkg.contributes.yamlValidation, [
      { fileMatch: '.netpol-lint.yaml', url: './schemas/netpol-lint-config.schema.json' },
      { fileMatch: 'netpol-tests.yaml', url: './schemas/netpol-tests.schema.json' },
    ]);
  });

  it('declares the config-file keys as editor settings that say nothing unless set', () => {
    const props = settings;
    for (const key of [
      'netpolLint.dns.namespace',
      'netpolLint.dns.podLabels',
      'netpolLint.dns.ports',
      'netpolLint.dns.nodeLocalIPs',
      'netpolLint.tenantNamespaces',
      'netpolLint.kubernetesVersion',
      'netpolLint.clusterNetworkPolicy.channel',
    ]) {
      assert.equal(props[key]?.default, null, `${key} must default to null so that .netpol-lint.yaml is not overridden`);
    }
  });

  it('groups the settings by category, so the settings editor lists "Namespace" under "DNS", not "Netpol Lint › Dns: Namespace"', () => {
    // VS Code labels a setting by its key, less the prefix its category's id names
    // (settingKeyToDisplayFormat): each category's id is the prefix of every key in it
    for (const c of categories) for (const key of Object.keys(c.properties)) assert.ok(key.startsWith(`${c.id}.`), `${key} is not under ${c.id}`);
    assert.deepEqual(
      categories.map((c) => c.id),
      ['netpolLint', 'netpolLint.dns', 'netpolLint.limits'],
    );
    // the keys are public API: the same ones as before, each in exactly one category
    assert.equal(
      Object.keys(settings).length,
      categories.map((c) => Object.keys(c.properties).length).reduce((a, b) => a + b),
    );
    assert.deepEqual(
      Object.keys(settings)
        .filter((k) => k.startsWith('netpolLint.dns.'))
        .sort(),
      Object.keys(categories[1].properties).sort(),
    );
  });

  it('has the trace setting the language client reads', () => {
    assert.deepEqual(settings['netpolLint.trace.server'].enum, ['off', 'messages', 'verbose']);
  });

  it('activates on YAML, supports untrusted workspaces, stays on VS Code 1.100', () => {
    assert.deepEqual(pkg.activationEvents, ['onLanguage:yaml']);
    assert.equal(pkg.capabilities.untrustedWorkspaces.supported, true);
    assert.match(pkg.engines.vscode, /^\^1\.(\d+)\.0$/);
    assert.ok(Number(/^\^1\.(\d+)/.exec(pkg.engines.vscode)![1]) <= 100);
  });

  it('names the extension "NetworkPolicy Lint" wherever a person reads it, and DNS in capitals', () => {
    assert.equal(pkg.displayName, 'NetworkPolicy Lint');
    assert.deepEqual(
      categories.map((c) => c.title),
      ['General', 'DNS', 'Limits'],
    );
    for (const c of pkg.contributes.commands) assert.equal(c.category, 'NetworkPolicy Lint', c.command);
    const words = (o: unknown): string[] =>
      typeof o === 'string'
        ? [o]
        : o && typeof o === 'object'
          ? Object.entries(o).flatMap(([k, v]) => (/description|title/i.test(k) ? words(v) : typeof v === 'object' ? words(v) : []))
          : [];
    for (const text of words(pkg.contributes)) {
      // outside code spans (setting keys such as `dns.ports` are names, not prose)
      const prose = text.replace(/`[^`]*`/g, '');
      assert.doesNotMatch(prose, /(?<![\w-])(dns|Dns)(?![\w-])/, text);
      assert.doesNotMatch(prose, /netpol-lint (language )?server/, text);
    }
  });

  it('has an icon: a 128x128 PNG that the package holds', () => {
    const png = readFileSync(join(__dirname, '../..', pkg.icon));
    assert.equal(png.subarray(1, 4).toString('ascii'), 'PNG');
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128]);
    assert.match(readFileSync(join(__dirname, '../../.vscodeignore'), 'utf8'), new RegExp(`^!${pkg.icon}$`, 'm'));
  });

  it('packages docs/marketplace.md as the README of the .vsix, with every command, setting and rule page', () => {
    assert.match(pkg.scripts.package, /--readme-path docs\/marketplace\.md\b/);
    const ignore = readFileSync(join(__dirname, '../../.vscodeignore'), 'utf8');
    assert.doesNotMatch(ignore, /^!README\.md$/m, "the developers' README stays out of the .vsix");
    const page = readFileSync(join(__dirname, '../../docs/marketplace.md'), 'utf8');
    assert.ok(page.startsWith('# NetworkPolicy Lint\n'));
    assert.match(page, /## Works beside Red Hat YAML/);
    // (the code lenses' own commands, not in the palette)
    const lensOnly = ['netpolLint.showWorkloads', 'netpolLint.showTestReport'];
    for (const c of pkg.contributes.commands.filter((c: { command: string }) => !lensOnly.includes(c.command))) {
      assert.ok(page.includes(`${c.category}: ${c.title}`), c.command);
    }
    for (const key of Object.keys(settings)) {
      const last = key.slice(key.lastIndexOf('.'));
      assert.ok(page.includes(`\`${key}\``) || page.includes(`\`${last}\``), key);
    }
    for (const r of RULES) assert.ok(page.includes(`](/docs/rules/${r.meta.code}.md)`), `the marketplace page does not link ${r.meta.code}`);
  });

  it('exposes the CLI and the language server as commands', () => {
    assert.deepEqual(pkg.bin, { 'netpol-lint': './dist/cli.js', 'netpol-lint-server': './dist/server.js' });
    assert.equal(pkg.main, './dist/extension.js');
  });
});

describe('rule registry', () => {
  it('has unique, kebab-case codes with a description and a severity', () => {
    const codes = RULES.map((r) => r.meta.code);
    assert.equal(new Set(codes).size, codes.length);
    for (const r of RULES) {
      assert.match(r.meta.code, /^[a-z0-9]+(-[a-z0-9]+)*$/);
      assert.ok(r.meta.description.length > 10, r.meta.code);
    }
  });
});
