import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

/** A program some tests drive, and the Debian package that provides it (if one may be installed). */
export interface SystemTool {
  /** What it is, for the skip message ("Chromium", "PgBouncer"). */
  name: string;
  /** Where it may be; the first that exists is used. */
  paths: string[];
  /** Debian package installed with apt-get when none exists and the tests run as root. */
  aptPackage?: string;
}

function firstExisting(paths: string[]): string | undefined {
  return paths.find((file) => fs.existsSync(file));
}

/** The tool's path, installing its package first when it is missing and this machine can. */
function ensure(tool: SystemTool): { path: string } | { missing: string } {
  const found = firstExisting(tool.paths);
  if (found) return { path: found };
  if (!tool.aptPackage) return { missing: `none of ${tool.paths.join(', ')} exists` };
  try {
    if (process.getuid?.() !== 0) return { missing: 'not root, so apt-get cannot install it' };
    execFileSync('apt-get', ['install', '-y', tool.aptPackage], {
      stdio: 'ignore',
      timeout: 300_000,
    });
  } catch (error) {
    return {
      missing: `apt-get install -y ${tool.aptPackage} failed: ${(error as Error).message.split('\n')[0]}`,
    };
  }
  const installed = firstExisting(tool.paths);
  return installed
    ? { path: installed }
    : { missing: `${tool.paths[0]} still missing after apt-get` };
}

/**
 * The tool's path (installed first if it can be); otherwise undefined, after saying loudly that
 * `test` is skipped and how to get the tool.
 */
export function systemTool(tool: SystemTool, test: string): string | undefined {
  const result = ensure(tool);
  if ('path' in result) return result.path;
  const remedy = tool.aptPackage
    ? `Install it with: apt-get install -y ${tool.aptPackage}`
    : `Install it where the tests look: ${tool.paths.join(', ')}`;
  console.warn(
    `\n${'!'.repeat(78)}\n!! SKIPPING ${test}: no ${tool.name} (${result.missing}).\n!! ${remedy}\n${'!'.repeat(78)}\n`,
  );
  return undefined;
}
