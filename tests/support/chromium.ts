/**
 * Headless Chromium for the HTML report tests: Debian's `chromium` package driven by
 * playwright-core with an explicit executable path. Nothing here downloads a browser; when none is
 * installed the tests fail (not skip), naming the package to install — `.ci/run` installs it.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Where Debian's `chromium` package puts its launcher. */
export const debianChromium = '/usr/bin/chromium';

/** `CHROMIUM_PATH` when set (an explicit choice wins), else Debian's launcher; throws when neither exists. */
export function chromiumExecutable(): string {
  const fromEnv = process.env.CHROMIUM_PATH;
  const candidates = [fromEnv, debianChromium].filter((path): path is string => typeof path === 'string' && path !== '');
  const found = candidates.find((path) => existsSync(path));
  if (!found)
    throw new Error(
      `No Chromium found (looked at ${candidates.join(', ')}): install Debian's package with \`apt-get install -y --no-install-recommends chromium\` or set CHROMIUM_PATH`,
    );
  return found;
}

/**
 * Launches headless Chromium. Playwright talks to it over a pipe (no debugging port), and adds
 * `--no-sandbox` as it does by default (`chromiumSandbox: false`), which running as root needs.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumExecutable(),
    headless: true,
    // No first-run network checks: component updates, field trials, the safe-browsing list.
    args: ['--disable-component-update', '--disable-background-networking', '--no-first-run', '--disable-sync', '--disable-field-trial-config'],
  });
}
