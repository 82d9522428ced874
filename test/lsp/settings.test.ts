/** ServerSettings: where the server's settings come from, in which order, and what wins. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { InitializeParams } from 'vscode-languageserver';
import { ServerSettings } from '../../server/src/lsp/settings';

const params = (configuration: boolean, settings?: unknown): InitializeParams =>
  ({
    processId: null,
    rootUri: null,
    capabilities: { workspace: { configuration } },
    initializationOptions: settings ? { settings } : undefined,
  }) as InitializeParams;

describe('server settings', () => {
  it('puts the settings sent with initialize in force at once', () => {
    const s = new ServerSettings(
      () => Promise.reject(new Error('not asked')),
      () => undefined,
    );
    assert.equal(s.initialize(params(false, { rules: { 'implicit-protocol': 'off' }, exclude: ['charts/**'] })), true);
    assert.equal(s.config.rules['implicit-protocol'], 'off');
    assert.deepEqual(s.exclude, ['charts/**']);
    assert.equal(
      new ServerSettings(
        () => Promise.resolve({}),
        () => undefined,
      ).initialize(params(true)),
      false,
      'no settings sent',
    );
  });

  it('asks a client that answers workspace/configuration, and ignores what it pushes', async () => {
    const s = new ServerSettings(
      () => Promise.resolve({ limits: { maxProblemsPerFile: 50 } }),
      () => undefined,
    );
    s.initialize(params(true));
    assert.equal(s.pullsConfiguration, true);
    await s.load();
    assert.equal(s.maxProblemsPerFile, 50);
    await s.changed({ netpolLint: { limits: { maxProblemsPerFile: 7 } } });
    assert.equal(s.maxProblemsPerFile, 50);
  });

  it('takes the pushed settings when the client does not answer, or asking fails', async () => {
    const pushOnly = new ServerSettings(
      () => Promise.reject(new Error('never asked')),
      () => undefined,
    );
    pushOnly.initialize(params(false));
    await pushOnly.changed({ netpolLint: { limits: { maxProblemsPerFile: 7 } } });
    assert.equal(pushOnly.maxProblemsPerFile, 7);
    const failing = new ServerSettings(
      () => Promise.reject(new Error('request failed')),
      () => undefined,
    );
    failing.initialize(params(true));
    await failing.load(); // keeps the defaults
    assert.equal(failing.maxProblemsPerFile, 1000);
    await failing.changed({ netpolLint: { limits: { maxProblemsPerFile: 9 } } });
    assert.equal(failing.maxProblemsPerFile, 9);
  });

  it('says when the exclude list changed (the index is rebuilt only then)', async () => {
    let answer: unknown = { exclude: ['a/**'] };
    const s = new ServerSettings(
      () => Promise.resolve(answer),
      () => undefined,
    );
    s.initialize(params(true));
    assert.equal(await s.changed(null), true);
    assert.equal(await s.changed(null), false, 'the same list');
    answer = { exclude: ['a/**'], rules: { 'allow-all': 'off' } };
    assert.equal(await s.changed(null), false, 'other settings changed, not the list');
    answer = {};
    assert.equal(await s.changed(null), true, 'the list emptied');
  });

  it('puts the config file under the editor settings, which win', () => {
    const s = new ServerSettings(
      () => Promise.resolve({}),
      () => undefined,
    );
    s.initialize(params(false, { rules: { 'allow-all': 'error' } }));
    const config = s.configure({ rules: { 'allow-all': 'off', 'implicit-protocol': 'off' } });
    assert.equal(config.rules['allow-all'], 'error');
    assert.equal(config.rules['implicit-protocol'], 'off');
    assert.equal(s.config, config, 'in force from now on');
  });

  it('logs bad values and ignores them', () => {
    const logged: string[] = [];
    const s = new ServerSettings(
      () => Promise.resolve({}),
      (m) => logged.push(m),
    );
    s.initialize(params(false, { limits: { maxProblemsPerFile: -1 }, exclude: 'charts' }));
    assert.equal(s.maxProblemsPerFile, 1000);
    assert.deepEqual(s.exclude, []);
    assert.equal(logged.length, 2, logged.join('\n'));
  });
});
