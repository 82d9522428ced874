// Layer 1: runs the suite (out/suite.js) inside the real extension host of code-server, as
// @vscode/test-web does: the payload names the extension and the tests, and the workbench calls
// window.codeAutomationExit(code) when the suite's run() settles.
import fs from 'node:fs';
import path from 'node:path';
import { HERE, launch, workbenchUrl } from './browser.mjs';

export async function runExtensionHostSuite({ host, workspace, resultFile, timeoutMs = 480_000 }) {
  const suite = path.join(HERE, 'out', 'suite.js');
  const url = await workbenchUrl(host, workspace, [['extensionTestsPath', suite]]);
  const browser = await launch();
  const consoleErrors = [];
  browser.page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text().slice(0, 300));
  });
  let code;
  try {
    code = await new Promise((resolve) => {
      const timer = setTimeout(() => resolve('timeout'), timeoutMs);
      const exit = (c) => {
        clearTimeout(timer);
        resolve(c);
      };
      browser.page
        .exposeFunction('codeAutomationExit', exit)
        .then(() => browser.page.goto(url))
        .catch((e) => exit(`the workbench did not load: ${e instanceof Error ? e.message : e}`));
    });
  } finally {
    await browser.close();
  }
  const report = fs.existsSync(resultFile) ? fs.readFileSync(resultFile, 'utf8') : '';
  const passed = Number(/(\d+) passed, (\d+) failed/.exec(report)?.[1] ?? 0);
  const failed = Number(/(\d+) passed, (\d+) failed/.exec(report)?.[2] ?? 0);
  if (!report) {
    console.log(`extension-host suite produced no report (exit: ${code}); browser console errors:\n${consoleErrors.slice(-20).join('\n')}`);
    return { passed: 0, failed: 1 };
  }
  process.stdout.write(report.replace(/^\d+ passed, \d+ failed\n?$/m, ''));
  if (code !== 0 && failed === 0) {
    console.log(`not ok - the extension host exited with ${code}`);
    return { passed, failed: 1 };
  }
  return { passed, failed };
}
