import { Option, type Command } from 'commander';
import type { Registry } from '../providers.ts';

/** Where a parsed provider flag came from: its provider and long flag, by the key commander stores it under. */
export type ProviderFlags = Map<string, { provider: string; flag: string }>;

/**
 * Adds every provider's own options (scope, credentials, endpoint) to a command that collects —
 * `scan` and `inventory` take the same ones — and says which provider each parsed key belongs to.
 */
export function addProviderOptions(command: Command, registry: Registry): ProviderFlags {
  const providerFlags: ProviderFlags = new Map();
  for (const provider of registry.providers) {
    for (const spec of provider.cliOptions) {
      const option = new Option(spec.flags, spec.description);
      if (spec.parse) option.argParser(spec.parse);
      if (spec.choices) option.choices(spec.choices);
      if (spec.defaultValue !== undefined) option.default(spec.defaultValue);
      command.addOption(option);
      providerFlags.set(option.attributeName(), { provider: provider.id, flag: option.long ?? spec.flags });
    }
  }
  return providerFlags;
}
