/**
 * IaC reader benchmark (not a test): a CloudFormation template of 8,000 resources with comment and
 * Metadata suppressions, and a large ARM template (flat accounts with children, plus Bicep-style
 * modules in a copy loop), read as `aiposture iac` reads them (the recognition parse, then the
 * reader). A reader that searches or splits the whole file per resource shows up as quadratic
 * time. Prints one JSON line per template (median, min, max of `--runs`) and exits 1 when a median
 * is above the budget.
 *
 *   node bench/iac-cfn-arm-bench.ts [--resources 8000] [--budget-ms 3000] [--runs 3]
 */
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { parse as parseYaml } from 'yaml';
import { armReader } from '../src/iac/arm.ts';
import { cloudFormationReader } from '../src/iac/cloudformation.ts';
import type { IacReader } from '../src/iac/reader.ts';

const { values } = parseArgs({
  options: { resources: { type: 'string', default: '8000' }, 'budget-ms': { type: 'string', default: '3000' }, runs: { type: 'string', default: '3' } },
});
const count = Number(values.resources);
const budgetMs = Number(values['budget-ms']);
const runs = Number(values.runs);

function cloudFormationTemplate(resources: number): string {
  const lines = ['AWSTemplateFormatVersion: "2010-09-09"', 'Parameters:', '  Strength:', '    Type: String', '    Default: HIGH', 'Resources:'];
  for (let index = 0; index < resources; index += 1) {
    if (index % 2 === 0) {
      lines.push(
        `  # aiposture:ignore aws/guardrail-cmk reason="bench ${index}"`,
        `  Guardrail${index}:`,
        '    Type: AWS::Bedrock::Guardrail',
        '    Properties:',
        `      Name: guardrail-${index}`,
        '      BlockedInputMessaging: "Sorry, I cannot help',
        '  with that."',
        '      BlockedOutputsMessaging: Blocked.',
        '      ContentPolicyConfig:',
        '        FiltersConfig:',
        '          - { Type: HATE, InputStrength: !Ref Strength, OutputStrength: HIGH }',
        '          - { Type: PROMPT_ATTACK, InputStrength: HIGH, OutputStrength: NONE } # aiposture:ignore aws/guardrail-standard-tier reason="bench"',
      );
    } else {
      lines.push(
        `  Agent${index}:`,
        '    Type: AWS::Bedrock::Agent',
        '    Metadata:',
        '      aiposture:',
        '        ignore:',
        '          - rule: aws/agent-cmk',
        '            reason: bench',
        '    Properties:',
        `      AgentName: agent-${index}`,
        '      GuardrailConfiguration:',
        `        GuardrailIdentifier: !GetAtt Guardrail${index - 1}.GuardrailId`,
        '        GuardrailVersion: "1"',
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

function armTemplate(resources: number): string {
  const accounts = Math.floor(resources / 4);
  const flat: unknown[] = [];
  for (let index = 0; index < accounts; index += 1) {
    const name = `aoai-${index}`;
    flat.push(
      {
        type: 'Microsoft.CognitiveServices/accounts',
        apiVersion: '2024-10-01',
        name: `[format('aoai-{0}', ${index})]`,
        kind: 'OpenAI',
        properties: { disableLocalAuth: true },
      },
      {
        type: 'Microsoft.CognitiveServices/accounts/raiPolicies',
        apiVersion: '2024-10-01',
        name: `${name}/strict`,
        properties: { mode: 'Blocking', contentFilters: [{ name: 'Hate', source: 'Prompt', enabled: true, blocking: true, severityThreshold: 'Low' }] },
      },
      {
        type: 'Microsoft.CognitiveServices/accounts/deployments',
        apiVersion: '2024-10-01',
        name: `[concat('${name}', '/chat')]`,
        properties: { raiPolicyName: 'strict' },
      },
    );
  }
  // The rest as Bicep modules in a copy loop, each deploying one model to an account of the flat part.
  const modules = resources - accounts * 3;
  flat.push({
    copy: { name: 'models', count: `[length(range(0, ${modules}))]` },
    type: 'Microsoft.Resources/deployments',
    apiVersion: '2022-09-01',
    name: "[format('model-{0}', copyIndex())]",
    properties: {
      expressionEvaluationOptions: { scope: 'inner' },
      mode: 'Incremental',
      parameters: { account: { value: `[format('aoai-{0}', mod(copyIndex(), ${Math.max(1, accounts)}))]` }, index: { value: '[copyIndex()]' } },
      template: {
        $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
        contentVersion: '1.0.0.0',
        parameters: { account: { type: 'string' }, index: { type: 'int' } },
        resources: [
          {
            type: 'Microsoft.CognitiveServices/accounts/deployments',
            apiVersion: '2024-10-01',
            name: "[format('{0}/model-{1}', parameters('account'), parameters('index'))]",
            properties: { model: { name: 'gpt-4o' } },
          },
        ],
      },
    },
  });
  return JSON.stringify(
    { $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#', contentVersion: '1.0.0.0', resources: flat },
    null,
    2,
  );
}

/** What `aiposture iac` does with one file: the recognition parse, then the reader. */
function readAsIac(reader: IacReader, file: string, text: string): number {
  const parsed: unknown = text.trimStart().startsWith('{') ? JSON.parse(text) : parseYaml(text, { logLevel: 'silent', strict: false, customTags: [] });
  if (!reader.recognise(parsed, text)) throw new Error(`${file} not recognised`);
  return reader.read(file, text, parsed).resources.length;
}

let failed = false;
for (const [name, reader, text] of [
  ['cloudformation', cloudFormationReader, cloudFormationTemplate(count)],
  ['arm', armReader, armTemplate(count)],
] as const) {
  const times: number[] = [];
  let read = 0;
  for (let run = 0; run < runs; run += 1) {
    const start = performance.now();
    read = readAsIac(reader, `${name}-bench`, text);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)] ?? 0;
  console.log(
    JSON.stringify({
      template: name,
      resources: count,
      bytes: text.length,
      modelResources: read,
      medianMs: Math.round(median),
      minMs: Math.round(times[0] ?? 0),
      maxMs: Math.round(times[times.length - 1] ?? 0),
    }),
  );
  if (median > budgetMs) failed = true;
}
process.exit(failed ? 1 : 0);
