/** The injection grammar colours suppression comments inside VS Code's YAML grammar. */
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { before, describe, it } from 'node:test';
import * as oniguruma from 'vscode-oniguruma';
import * as vsctm from 'vscode-textmate';

const require = createRequire(__filename);
const INJECTION = 'netpol-lint.directives.injection';

async function loadGrammar(): Promise<vsctm.IGrammar> {
  const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({ createOnigScanner: (p) => new oniguruma.OnigScanner(p), createOnigString: (s) => new oniguruma.OnigString(s) }),
    loadGrammar: async (scope) => {
      // the YAML grammar VS Code ships (textmate/yaml.tmbundle lineage), from tm-grammars
      if (scope === 'source.yaml') return vsctm.parseRawGrammar(readFileSync(require.resolve('tm-grammars/grammars/yaml.json'), 'utf8'), 'yaml.json');
      if (scope === INJECTION)
        return vsctm.parseRawGrammar(readFileSync(join(__dirname, '../../syntaxes/netpol-lint-directives.tmLanguage.json'), 'utf8'), 'x.json');
      return null;
    },
    getInjections: (scope) => (scope === 'source.yaml' ? [INJECTION] : undefined),
  });
  const g = await registry.loadGrammar('source.yaml');
  assert.ok(g);
  return g;
}

function tokens(grammar: vsctm.IGrammar, lines: string[]): { text: string; scopes: string[] }[][] {
  let state = vsctm.INITIAL;
  return lines.map((line) => {
    const r = grammar.tokenizeLine(line, state);
    state = r.ruleStack;
    return r.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
  });
}

describe('suppression comment grammar', () => {
  let grammar: vsctm.IGrammar;
  before(async () => {
    grammar = await loadGrammar();
  });

  it('scopes the directive and each rule code inside a YAML comment', () => {
    const [, line] = tokens(grammar, ['spec:', '  # netpol-lint-disable-next-line empty-port, missing-dns-egress -- ok here', '  podSelector: {}']);
    const find = (text: string) => line.find((t) => t.text === text);
    assert.ok(find('netpol-lint-disable-next-line')?.scopes.includes('keyword.control.directive.netpol-lint'), JSON.stringify(line));
    assert.ok(find('empty-port')?.scopes.includes('constant.language.rule-code.netpol-lint'));
    assert.ok(find('missing-dns-egress')?.scopes.includes('constant.language.rule-code.netpol-lint'));
    assert.ok(find('empty-port')?.scopes.includes('comment.line.number-sign.yaml'), 'still inside the comment');
    assert.ok(!line.some((t) => t.text.includes('ok here') && t.scopes.includes('constant.language.rule-code.netpol-lint')));
  });

  it('scopes the document-wide form', () => {
    const [line] = tokens(grammar, ['# netpol-lint-disable implicit-protocol']);
    assert.ok(line.find((t) => t.text === 'netpol-lint-disable')?.scopes.includes('keyword.control.directive.netpol-lint'));
  });

  it('leaves ordinary comments and values alone', () => {
    const lines = tokens(grammar, ['# just a comment about netpol-lint', 'name: netpol-lint-disable']);
    for (const line of lines) for (const t of line) assert.ok(!t.scopes.some((s) => s.endsWith('.netpol-lint')), `${t.text}: ${t.scopes.join(' ')}`);
  });
});
