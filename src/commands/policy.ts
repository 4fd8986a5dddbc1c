/**
 * `aiposture policy init [--output FILE]` writes a commented starting policy; `aiposture policy
 * check FILE` validates one with the same loader a scan uses (errors name the file, line and key;
 * exit 2).
 */
import { access } from 'node:fs/promises';
import type { Command } from 'commander';
import { InputError } from '../errors.ts';
import type { Io } from '../output.ts';
import { writeOutput } from '../output.ts';
import { defaultBaseline } from '../policy/baseline.ts';
import { loadPolicy } from '../policy/policy-file.ts';
import { policyTemplate } from '../policy/template.ts';
import { neutralise as safe } from '../reporters/safe-text.ts';

export interface PolicyCommandContext {
  io: Io;
  knownRuleIds: ReadonlySet<string>;
  providerIds: readonly string[];
  now?: () => Date;
}

export function addPolicyCommands(program: Command, context: PolicyCommandContext): void {
  const { io } = context;
  const policy = program.command('policy').description('write or check a policy file (baseline, targets, exceptions, attestations, SLAs)');

  policy
    .command('init')
    .description('write a commented starting policy (the built-in defaults) to stdout or a file')
    .option('--output <file>', 'write to this file (refused if it exists, unless --force)')
    .option('--force', 'overwrite an existing --output file')
    .action(async (options: { output?: string; force?: boolean }) => {
      if (options.output !== undefined && !options.force && (await exists(options.output)))
        throw new InputError(`${options.output}: exists already; choose another file or pass --force to overwrite it`);
      const today = (context.now?.() ?? new Date()).toISOString().slice(0, 10);
      await writeOutput(policyTemplate(defaultBaseline, context.providerIds, today), options.output, io.stdout);
      if (options.output !== undefined) io.stderr(`wrote ${safe(options.output)}; check it with: aiposture policy check ${safe(options.output)}\n`);
    });

  policy
    .command('check')
    .description('validate a policy file: exit 0 when valid, 2 with the line and key of the first problem')
    .argument('<file>', 'policy file (YAML or JSON)')
    .action(async (file: string) => {
      const loaded = await loadPolicy(file, context.knownRuleIds, defaultBaseline, new Set(context.providerIds));
      const today = (context.now?.() ?? new Date()).toISOString().slice(0, 10);
      const { document } = loaded;
      const expired = document.exceptions.filter((exception) => exception.expires !== undefined && exception.expires < today);
      const targets = Object.entries(document.targets).map(([provider, level]) => `${provider} ${level}`);
      io.stdout(
        `${safe(file)}: valid — ${Object.keys(document.rules).length} rule setting(s), ${document.exceptions.length} exception(s)` +
          `${expired.length > 0 ? ` (${expired.length} expired: no longer applied)` : ''}, ${document.attestations.length} attestation(s)` +
          `${targets.length > 0 ? `, targets ${targets.join(', ')}` : ''}, remediation SLA ${loaded.baseline.remediationSlaDays} days\n`,
      );
      for (const exception of expired)
        io.stderr(`warning: ${safe(file)}: exception for ${safe(exception.rule)} on ${safe(exception.resource)} expired ${exception.expires}\n`);
    });
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
