import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { PxError } from '../shared/errors.js';
import { packageRoot } from '../shared/paths.js';
import { parseVisSpec, type VisSpec } from '../pxl/vis.js';

/**
 * PxL scripts as Pixie packages them: a folder with exactly one `.pxl`, an optional `vis.json`
 * (functions, arguments, widgets) and an optional `manifest.yaml` (`short:` one-line summary,
 * `long:` description). Bundled scripts live in scripts/pxl/px/<name>/ and are named `px/<name>`.
 */
export interface Script {
  /** `px/service_stats`, or the path the user gave. */
  readonly name: string;
  readonly source: string;
  readonly fileName: string;
  readonly vis?: VisSpec;
  readonly short: string;
  readonly long: string;
}

export function bundledScriptsDir(): string {
  return join(packageRoot(), 'scripts', 'pxl');
}

/** `key: value` lines of a manifest (only the scalar keys px uses). */
function readManifest(dir: string): { short: string; long: string } {
  const path = join(dir, 'manifest.yaml');
  if (!existsSync(path)) return { short: '', long: '' };
  const fields = new Map<string, string>();
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const match = /^(\w+):\s*(.*)$/.exec(line);
    if (match?.[1] !== undefined)
      fields.set(match[1], (match[2] ?? '').replace(/^["']|["']$/g, ''));
  }
  return { short: fields.get('short') ?? '', long: fields.get('long') ?? '' };
}

/** Loads a script folder, or a single `.pxl` file (no vis: top-level mode). */
export function loadScriptPath(path: string, name = path): Script {
  if (!existsSync(path)) {
    throw new PxError(
      `no script at ${path}`,
      'usage.script_not_found',
      'give a .pxl file or a script folder',
    );
  }
  if (!statSync(path).isDirectory()) {
    return {
      name,
      source: readFileSync(path, 'utf8'),
      fileName: basename(path),
      short: '',
      long: '',
    };
  }
  const pxl = readdirSync(path).filter((f) => f.endsWith('.pxl'));
  if (pxl.length !== 1 || pxl[0] === undefined) {
    throw new PxError(
      `${path} holds ${pxl.length} .pxl files; a script folder holds exactly one`,
      'usage.script_folder',
    );
  }
  const visPath = join(path, 'vis.json');
  const vis = existsSync(visPath)
    ? parseVisSpec(JSON.parse(readFileSync(visPath, 'utf8')))
    : undefined;
  return {
    name,
    source: readFileSync(join(path, pxl[0]), 'utf8'),
    fileName: pxl[0],
    ...(vis === undefined ? {} : { vis }),
    ...readManifest(path),
  };
}

/** Every bundled script, sorted by name. */
export function listBundledScripts(): Script[] {
  const root = bundledScriptsDir();
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .flatMap((org) =>
      statSync(join(root, org)).isDirectory()
        ? readdirSync(join(root, org)).map((script) => `${org}/${script}`)
        : [],
    )
    .filter((name) => statSync(join(root, name)).isDirectory())
    .sort()
    .map((name) => loadScriptPath(join(root, name), name));
}

/** A bundled script by name (`px/service_stats`), with the closest names when there is none. */
export function loadBundledScript(name: string): Script {
  const dir = join(bundledScriptsDir(), name);
  if (/^[\w-]+\/[\w-]+$/.test(name) && existsSync(dir)) return loadScriptPath(dir, name);
  const names = listBundledScripts().map((s) => s.name);
  const close = names.filter((n) => n.includes(name.replace(/^px\//, '')) || name.includes(n));
  throw new PxError(
    `no bundled script "${name}"`,
    'usage.script_not_found',
    close.length > 0 ? `did you mean ${close.join(', ')}?` : 'run `px script list` to see them',
  );
}
