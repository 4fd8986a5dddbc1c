import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join, relative } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { Provider, ScopeRef } from '../model/common.ts';
import { parseInventory, type Inventory, type Resource } from '../model/inventory.ts';
import type { Finding } from '../engine/evaluate.ts';
import { IacInputError, type IacReader, type Suppression } from './reader.ts';

export interface SkippedFile {
  file: string;
  reason: string;
}

export interface IacReadout {
  inventory: Inventory;
  suppressions: Suppression[];
  files: Array<{ file: string; format: IacReader['format'] }>;
  skipped: SkippedFile[];
}

const candidateExtensions = new Set(['.json', '.yaml', '.yml', '.template']);
const ignoredDirectories = new Set(['node_modules', '.git', '.terraform', 'dist', 'coverage']);

async function walk(path: string, explicit: boolean, found: Array<{ file: string; explicit: boolean }>, skipped: SkippedFile[]): Promise<void> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    throw new IacInputError(path, `cannot read path (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  if (info.isDirectory()) {
    const entries = (await readdir(path, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      if (entry.isDirectory() && ignoredDirectories.has(entry.name)) continue;
      const child = join(path, entry.name);
      if (entry.isDirectory()) await walk(child, false, found, skipped);
      else if (candidateExtensions.has(extname(entry.name).toLowerCase())) found.push({ file: child, explicit: false });
      else if (extname(entry.name) === '.tf' || extname(entry.name) === '.bicep') {
        skipped.push({
          file: child,
          reason:
            extname(entry.name) === '.tf'
              ? 'Terraform HCL: pass the plan JSON (terraform show -json plan.out)'
              : 'Bicep source: pass the compiled ARM JSON (az bicep build)',
        });
      }
    }
    return;
  }
  found.push({ file: path, explicit });
}

/** Parses JSON or YAML leniently enough to recognise the format (CloudFormation tags become plain values). */
function parseForRecognition(file: string, text: string, explicit: boolean): unknown {
  try {
    return text.trimStart().startsWith('{') || text.trimStart().startsWith('[')
      ? JSON.parse(text)
      : parseYaml(text, { logLevel: 'silent', strict: false, customTags: [] });
  } catch (error) {
    if (!explicit) return undefined;
    const position = /line (\d+)/i.exec(String((error as Error).message))?.[1] ?? /position (\d+)/.exec(String((error as Error).message))?.[1];
    const line = position !== undefined && /line/i.test(String((error as Error).message)) ? Number(position) : undefined;
    throw new IacInputError(file, `malformed JSON/YAML: ${String((error as Error).message).split('\n')[0]}`, line);
  }
}

/**
 * Reads every IaC file under the given paths into the resource model. Formats are recognised by
 * content; files that are no IaC format we read are listed as skipped, never silently ignored.
 */
export async function readIac(paths: readonly string[], readers: readonly IacReader[], cwd: string = process.cwd()): Promise<IacReadout> {
  const found: Array<{ file: string; explicit: boolean }> = [];
  const skipped: SkippedFile[] = [];
  for (const path of paths) await walk(path, true, found, skipped);
  const resources: Resource[] = [];
  const suppressions: Suppression[] = [];
  const files: IacReadout['files'] = [];
  for (const { file: absolute, explicit } of found) {
    const file = relative(cwd, absolute) || absolute;
    let text: string;
    try {
      text = await readFile(absolute, 'utf8');
    } catch (error) {
      throw new IacInputError(file, `cannot read file (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
    const parsed = parseForRecognition(file, text, explicit);
    if (parsed === undefined) {
      skipped.push({ file, reason: 'not valid JSON or YAML' });
      continue;
    }
    const reader = readers.find((candidate) => candidate.recognise(parsed, text));
    if (!reader) {
      skipped.push({ file, reason: 'not a recognised IaC format (Terraform plan JSON, CloudFormation, ARM, Vertex request/config)' });
      continue;
    }
    const result = reader.read(file, text, parsed);
    resources.push(...result.resources);
    suppressions.push(...result.suppressions);
    files.push({ file, format: reader.format });
  }
  const scopes = new Map<string, ScopeRef>();
  for (const resource of resources) scopes.set(`${resource.provider}\u0000${resource.scope.id}`, resource.scope);
  const providers = [...new Set(resources.map((resource) => resource.provider))].sort() as Provider[];
  const inventory = parseInventory({ providers, scopes: [...scopes.values()], regions: [], resources, listings: [] });
  return { inventory, suppressions, files, skipped };
}

/**
 * Marks failing or unknown findings covered by an inline suppression (same file, same resource
 * address, same rule) as suppressed; suppressions past their `until` date no longer apply.
 */
export function applySuppressions(
  findings: readonly Finding[],
  suppressions: readonly Suppression[],
  today: string,
): { findings: Finding[]; expired: Suppression[] } {
  const expired = suppressions.filter((entry) => entry.until !== undefined && entry.until < today);
  const live = suppressions.filter((entry) => !expired.includes(entry));
  return {
    expired,
    findings: findings.map((finding) => {
      if (finding.status !== 'fail' && finding.status !== 'unknown') return finding;
      if (!('file' in finding.source)) return finding;
      const source = finding.source;
      const match = live.find(
        (entry) => entry.ruleId === finding.ruleId && entry.file === source.file && (entry.address === source.address || entry.address === finding.resource.id),
      );
      if (!match) return finding;
      return { ...finding, status: 'suppressed' as const, suppression: { reason: match.reason, ...(match.until ? { expires: match.until } : {}) } };
    }),
  };
}
