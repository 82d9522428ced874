// The peer our benchmark can measure beside us: Red Hat's yaml-language-server, as the shared
// harness (../shared/bench) installs and configures it — validation against its strict local
// NetworkPolicy schema for netpol-*.yaml, no schema store or anything else that would go online.
// `--peer DIR` names a copy of that harness where `npm install` has run; nothing is added to our
// dependencies for it.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** The server description startServer() takes, for the yaml-language-server installed in `dir`. */
export function yamlLanguageServer(dir) {
  const bin = path.join(dir, 'node_modules/yaml-language-server/bin/yaml-language-server');
  const schema = path.join(dir, 'schema/networkpolicy-networking-v1.json');
  for (const f of [bin, schema])
    if (!fs.existsSync(f)) throw new Error(`--peer ${dir}: no ${path.relative(dir, f)} (a copy of ../shared/bench where npm install has run)`);
  const version = JSON.parse(fs.readFileSync(path.join(dir, 'node_modules/yaml-language-server/package.json'), 'utf8')).version;
  return {
    name: `yaml-language-server ${version}`,
    argv: [process.execPath, bin, '--stdio'],
    capabilities: {
      workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: false } },
      textDocument: { synchronization: { dynamicRegistration: false }, publishDiagnostics: { versionSupport: true } },
    },
    // the sections it asks for with workspace/configuration (the shared harness' settings)
    settings: {
      yaml: {
        validate: true,
        hover: false,
        completion: false,
        format: { enable: false },
        schemaStore: { enable: false },
        kubernetesCRDStore: { enable: false },
        schemas: { [pathToFileURL(schema).href]: ['netpol-*.yaml'] },
      },
      http: { proxy: '', proxyStrictSSL: false },
      '[yaml]': {},
      editor: {},
    },
  };
}
