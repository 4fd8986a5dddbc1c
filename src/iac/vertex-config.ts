/**
 * Vertex AI (Gemini) request/config files (JSON or YAML) that persist `safetySettings` →
 * `gcp.vertex-safety-settings`, one resource per settings list.
 *
 * Where settings are looked for: top-level `safetySettings` (a GenerateContentRequest, or a
 * config next to `generationConfig`), the same under `request` (batch/tuning lines, wrapped
 * configs), and under `generationConfig` itself (SDK configs that nest them). The snake_case
 * spelling `safety_settings` (Python SDK) is read too. `source.address` is the path of the list
 * (`safetySettings`, `request.safetySettings`), `source.line` the line of its key.
 *
 * Mapping: threshold BLOCK_ONLY_HIGH → low, BLOCK_MEDIUM_AND_ABOVE → medium,
 * BLOCK_LOW_AND_ABOVE → high, BLOCK_NONE / OFF → off (the `HARM_BLOCK_THRESHOLD_` prefix is
 * optional); category HATE_SPEECH → hate, HARASSMENT → insults, SEXUALLY_EXPLICIT → sexual,
 * DANGEROUS_CONTENT → misconduct, JAILBREAK → prompt-attack, others (CIVIC_INTEGRITY) → null.
 * A threshold that is missing or not one of those makes the resource unreadable (rules report
 * `unknown`).
 */
import type { GcpSafetySettings } from '../model/gcp.ts';
import { GcpSafetySettingsSchema, vertexCategory, vertexThreshold } from '../model/gcp.ts';
import { child, isObject, keyNode, lineOf, parseSource } from './cloudformation.ts';
import type { IacReadResult, IacReader } from './reader.ts';
import type { Node } from 'yaml';

const settingsKeys = ['safetySettings', 'safety_settings'];
const containers: ReadonlyArray<readonly string[]> = [
  [],
  ['request'],
  ['generationConfig'],
  ['generation_config'],
  ['request', 'generationConfig'],
  ['config'],
];

/** Every settings list in the document, with its path. */
function locate(parsed: unknown): Array<{ path: string[]; value: unknown }> {
  const found: Array<{ path: string[]; value: unknown }> = [];
  for (const container of containers) {
    let node: unknown = parsed;
    for (const key of container) node = isObject(node) ? node[key] : undefined;
    if (!isObject(node)) continue;
    for (const key of settingsKeys) if (Array.isArray(node[key])) found.push({ path: [...container, key], value: node[key] });
  }
  return found;
}

function setting(entry: unknown): GcpSafetySettings['settings'][number] | string {
  if (!isObject(entry)) return 'a safety setting is not an object';
  const category = typeof entry.category === 'string' ? entry.category.trim().toUpperCase() : undefined;
  const rawThreshold = typeof entry.threshold === 'string' ? entry.threshold.trim().toUpperCase() : undefined;
  if (!category) return 'a safety setting has no category';
  const threshold = rawThreshold?.replace(/^HARM_BLOCK_THRESHOLD_/, '');
  const strength = threshold === undefined ? undefined : vertexThreshold(threshold);
  if (threshold === undefined || strength === undefined) return `${category} has threshold ${rawThreshold ?? 'unset'}, which is not a known HarmBlockThreshold`;
  return { category, neutralCategory: vertexCategory(category), threshold, strength };
}

export const vertexConfigReader: IacReader = {
  format: 'vertex-config',
  recognise(parsed) {
    return locate(parsed).length > 0;
  },
  read(file, text): IacReadResult {
    const source = parseSource(file, text);
    const root = source.document.contents;
    const parsed = root?.toJSON() as unknown;
    const resources = locate(parsed).map(({ path, value }) => {
      let node: Node | undefined = root ?? undefined;
      for (const key of path.slice(0, -1)) node = child(node, key);
      const line = lineOf(source, keyNode(node, path[path.length - 1] ?? ''));
      const address = path.join('.');
      const entries = (value as unknown[]).map(setting);
      const problems = entries.filter((entry): entry is string => typeof entry === 'string');
      return GcpSafetySettingsSchema.parse({
        provider: 'gcp',
        id: `${file}#${address}`,
        name: `${file} ${address}`,
        scope: { provider: 'gcp', type: 'iac', id: file },
        region: null,
        source: { kind: 'file', file, ...(line !== undefined ? { line } : {}), address },
        type: 'gcp.vertex-safety-settings',
        settings: entries.filter((entry) => typeof entry !== 'string'),
        ...(problems.length > 0 ? { unreadable: problems.join('; ') } : {}),
      });
    });
    return { resources, suppressions: [] };
  },
};
