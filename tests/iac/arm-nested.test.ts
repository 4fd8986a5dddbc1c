/**
 * ARM templates as `bicep build` emits them for Bicep files with modules: nested deployments with
 * inline templates (inner and outer evaluation scope), copy loops, `existing` resources, accounts
 * re-deployed by a module, Microsoft's documented default RAI policy, and what stays unknown.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluate, type Finding } from '../../src/engine/evaluate.ts';
import { defaultBaseline } from '../../src/policy/baseline.ts';
import { parseInventory, ResourceSchema, type Resource } from '../../src/model/inventory.ts';
import type { Provider } from '../../src/model/common.ts';
import { registry } from '../../src/providers.ts';
import { armReader, bicepSkipReason, createArmReader } from '../../src/iac/arm.ts';

const schema = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';
const modulesFile = 'fixtures/iac/arm/bicep-modules.json';

function readArm(file: string, text = readFileSync(file, 'utf8'), reader = armReader): Resource[] {
  const parsed = JSON.parse(text) as unknown;
  expect(reader.recognise(parsed, text)).toBe(true);
  const result = reader.read(file, text, parsed);
  for (const resource of result.resources) expect(() => ResourceSchema.parse(resource)).not.toThrow();
  return result.resources;
}

function template(resources: unknown, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ $schema: schema, contentVersion: '1.0.0.0', ...extra, resources }, null, 2);
}

function scan(resources: Resource[]): Finding[] {
  const providers = [...new Set(resources.map((resource) => resource.provider))].sort() as Provider[];
  const scopes = [...new Map(resources.map((resource) => [`${resource.provider}/${resource.scope.id}`, resource.scope])).values()];
  return evaluate(parseInventory({ providers, scopes, regions: [], resources, listings: [] }), registry.rules, defaultBaseline, undefined, 'iac');
}

function verdicts(findings: Finding[], ruleId: string): Record<string, string> {
  return Object.fromEntries(findings.filter((finding) => finding.ruleId === ruleId).map((finding) => [finding.resource.id, finding.status]));
}

function byId(resources: Resource[]): Map<string, Resource> {
  return new Map(resources.map((resource) => [resource.id, resource]));
}

const account = (name: string, properties: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({
  type: 'Microsoft.CognitiveServices/accounts',
  apiVersion: '2024-10-01',
  name,
  kind: 'OpenAI',
  properties,
  ...extra,
});

const module = (name: string, nested: Record<string, unknown>, parameters: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({
  type: 'Microsoft.Resources/deployments',
  apiVersion: '2022-09-01',
  name,
  properties: {
    expressionEvaluationOptions: { scope: 'inner' },
    mode: 'Incremental',
    parameters: Object.fromEntries(Object.entries(parameters).map(([key, value]) => [key, { value }])),
    template: { $schema: schema, contentVersion: '1.0.0.0', ...nested },
  },
  ...extra,
});

describe('ARM nested deployments (Bicep modules)', () => {
  const resources = readArm(modulesFile);
  const ids = byId(resources);

  it('reads every module, copy-loop instance and nesting level, with addresses showing the nesting', () => {
    expect([...ids.keys()]).toEqual([
      'aoai-modules',
      'aoai-modules/strict',
      'aoai-modules/chat',
      'aoai-modules/mini',
      'aoai-modules/Microsoft.DefaultV2',
      "aoai-modules/<parameters('extraModels')[copyIndex()]>",
      'resourceGroups/rg-shared/aoai-shared',
      'resourceGroups/rg-shared/aoai-shared/embeddings',
      'resourceGroups/rg-shared/aoai-shared/Microsoft.DefaultV2',
      'resourceGroups/rg-shared/aoai-kindless',
    ]);
    // A module loop over a parameter's default: one nested deployment per element, named by its resolved name.
    expect(ids.get('aoai-modules/chat')).toMatchObject({
      type: 'azure.deployment',
      accountId: 'aoai-modules',
      modelName: 'gpt-4o',
      raiPolicyName: 'strict',
      source: { file: modulesFile, line: 134, address: "model-chat > [format('{0}/{1}', parameters('accountName'), parameters('model').name)]" },
    });
    // `if(empty(parameters('model').policy), null(), …)`: the second instance names no policy.
    expect(ids.get('aoai-modules/mini')).toMatchObject({
      raiPolicyName: null,
      modelName: 'gpt-4o-mini',
      source: { address: expect.stringMatching(/^model-mini > /) },
    });
    // Property iteration (`copy` inside properties) builds the filter list.
    const strict = ids.get('aoai-modules/strict');
    expect(strict?.type === 'azure.rai-policy' ? strict.contentFilters.map((filter) => filter.name) : []).toEqual(['Hate', 'Sexual', 'Violence', 'Selfharm']);
  });

  it('merges a module that re-deploys the account with a customer-managed key into one account in its final state', () => {
    expect(resources.filter((resource) => resource.type === 'azure.cognitive-account' && resource.name === 'aoai-modules')).toHaveLength(1);
    expect(ids.get('aoai-modules')).toMatchObject({
      encryptionKeySource: 'Microsoft.KeyVault',
      disableLocalAuth: true,
      identityType: 'SystemAssigned',
      // The declaration in force is the module's: the finding points at it.
      source: { line: 87, address: "cmk > [parameters('accountName')]" },
    });
    expect(ids.get('aoai-modules')?.unreadable).toBeUndefined();
    const findings = scan(resources);
    expect(verdicts(findings, 'azure/cmk')).toMatchObject({ 'aoai-modules': 'pass' });
    expect(verdicts(findings, 'azure/local-auth-disabled')).toMatchObject({ 'aoai-modules': 'pass' });
  });

  it('follows a module output into another module (reference(…).outputs)', () => {
    // model-* modules get accountName from `reference(resourceId('Microsoft.Resources/deployments', 'cmk')).outputs.accountName.value`.
    expect(ids.get('aoai-modules/chat')).toMatchObject({ accountId: 'aoai-modules' });
  });

  it('judges the children of an existing account, not the account itself', () => {
    const shared = ids.get('resourceGroups/rg-shared/aoai-shared');
    expect(shared).toMatchObject({ type: 'azure.cognitive-account', name: 'aoai-shared', kind: '', source: { address: 'shared > sharedAccount' } });
    expect(shared?.unreadable).toMatch(/existing/);
    expect(ids.get('resourceGroups/rg-shared/aoai-shared/embeddings')).toMatchObject({
      accountId: 'resourceGroups/rg-shared/aoai-shared',
      raiPolicyName: null,
    });
    const findings = scan(resources);
    expect(verdicts(findings, 'azure/deployment-custom-content-filter')).toMatchObject({ 'resourceGroups/rg-shared/aoai-shared/embeddings': 'fail' });
    // Nothing about the account is in the file: never a pass or a fail on it.
    for (const finding of findings.filter((entry) => entry.resource.id === 'resourceGroups/rg-shared/aoai-shared')) expect(finding.status).toBe('unknown');
  });

  it("judges a deployment on no RAI policy against Microsoft's documented Microsoft.DefaultV2, as the live scan does", () => {
    expect(ids.get('aoai-modules/Microsoft.DefaultV2')).toMatchObject({
      type: 'azure.rai-policy',
      accountId: 'aoai-modules',
      documentedDefault: true,
      policyType: 'SystemManaged',
      mode: 'Default',
    });
    const findings = scan(resources);
    expect(verdicts(findings, 'azure/content-filter-harm-categories')).toMatchObject({
      'aoai-modules/Microsoft.DefaultV2': 'pass',
      'resourceGroups/rg-shared/aoai-shared/Microsoft.DefaultV2': 'pass',
    });
    expect(verdicts(findings, 'azure/content-filter-prompt-shields')).toMatchObject({ 'aoai-modules/Microsoft.DefaultV2': 'pass' });
    // Not unknown any more: the deployment's policy is known.
    expect(findings.filter((finding) => finding.reason === 'policy-not-collected')).toEqual([]);
  });

  it('keeps a loop whose count is unknown as one resource with unknown identity, linked to its account', () => {
    expect(ids.get("aoai-modules/<parameters('extraModels')[copyIndex()]>")).toMatchObject({
      accountId: 'aoai-modules',
      raiPolicyName: 'strict',
      source: { address: "[format('extra-{0}', copyIndex())][*] > [format('{0}/{1}', parameters('accountName'), parameters('modelName'))]" },
    });
  });

  it('keeps an account whose kind is a parameter, with the kind unknown', () => {
    expect(ids.get('resourceGroups/rg-shared/aoai-kindless')).toMatchObject({ kind: '', disableLocalAuth: true, unreadable: expect.stringMatching(/: kind$/) });
  });
});

describe('ARM declarations in force', () => {
  it('a re-deployment replaces the account: properties it leaves out are reset, as ARM does', () => {
    const text = template([
      account('acct', { disableLocalAuth: true, publicNetworkAccess: 'Disabled' }, { identity: { type: 'SystemAssigned' } }),
      module(
        'cmk',
        {
          parameters: { name: { type: 'string' } },
          resources: [account("[parameters('name')]", { encryption: { keySource: 'Microsoft.KeyVault' } }, { identity: { type: 'SystemAssigned' } })],
        },
        { name: 'acct' },
      ),
    ]);
    const [merged, ...rest] = readArm('t.json', text);
    expect(rest).toEqual([]);
    expect(merged).toMatchObject({
      encryptionKeySource: 'Microsoft.KeyVault',
      disableLocalAuth: null,
      publicNetworkAccess: null,
      source: { address: "cmk > [parameters('name')]" },
    });
    expect(verdicts(scan([merged as Resource]), 'azure/local-auth-disabled')).toEqual({ acct: 'fail' });
  });

  it('a re-deployment under an unknown condition leaves what it would change unknown', () => {
    const text = template(
      [
        account('acct', { disableLocalAuth: true }),
        { ...account('acct', { disableLocalAuth: true, encryption: { keySource: 'Microsoft.KeyVault' } }), condition: "[parameters('useCmk')]" },
      ],
      { parameters: { useCmk: { type: 'bool' } } },
    );
    const [merged] = readArm('t.json', text);
    expect(merged).toMatchObject({ disableLocalAuth: true, encryptionKeySource: null, unreadable: expect.stringMatching(/properties\.encryption/) });
  });

  it('a condition that evaluates to false drops the resource; one that evaluates to true keeps it', () => {
    const text = template(
      [
        { ...account('never'), condition: "[equals(parameters('env'), 'dev')]" },
        { ...account('always'), condition: "[not(equals(parameters('env'), 'dev'))]" },
      ],
      { parameters: { env: { type: 'string', defaultValue: 'prod' } } },
    );
    expect(readArm('t.json', text).map((resource) => resource.id)).toEqual(['always']);
  });

  it('a copy loop over accounts gives one account per instance', () => {
    const text = template([{ ...account("[format('aoai-{0}', copyIndex(1))]"), copy: { name: 'accounts', count: 3 } }]);
    const resources = readArm('t.json', text);
    expect(resources.map((resource) => [resource.id, resource.source])).toEqual(
      [1, 2, 3].map((index) => [`aoai-${index}`, { kind: 'file', file: 't.json', line: 5, address: `[format('aoai-{0}', copyIndex(1))][${index - 1}]` }]),
    );
  });

  it('an outer-scope nested template uses the outer parameters and variables', () => {
    const text = template(
      [
        {
          type: 'Microsoft.Resources/deployments',
          apiVersion: '2022-09-01',
          name: 'outer',
          properties: {
            mode: 'Incremental',
            template: {
              $schema: schema,
              contentVersion: '1.0.0.0',
              resources: [account("[variables('name')]", { disableLocalAuth: "[parameters('noKeys')]" })],
            },
          },
        },
      ],
      { parameters: { noKeys: { type: 'bool', defaultValue: true } }, variables: { name: 'aoai-outer' } },
    );
    expect(readArm('t.json', text)).toEqual([
      expect.objectContaining({ id: 'aoai-outer', disableLocalAuth: true, source: expect.objectContaining({ address: "outer > [variables('name')]" }) }),
    ]);
  });

  it('an account in another resource group is another account, even with the same name', () => {
    const text = template([
      account('acct', { disableLocalAuth: true }),
      module('other', { resources: [account('acct', { disableLocalAuth: false })] }, {}, { resourceGroup: 'rg-other' }),
    ]);
    expect(
      readArm('t.json', text).map((resource) => [resource.id, resource.type === 'azure.cognitive-account' ? resource.disableLocalAuth : undefined]),
    ).toEqual([
      ['acct', true],
      ['resourceGroups/rg-other/acct', false],
    ]);
  });

  it('a child whose parent the template never declares is judged, linked to that parent', () => {
    const text = template([
      {
        type: 'Microsoft.CognitiveServices/accounts/deployments',
        apiVersion: '2024-10-01',
        name: 'elsewhere/chat',
        properties: { model: { name: 'gpt-4o' }, raiPolicyName: 'Microsoft.Default' },
      },
    ]);
    const resources = readArm('t.json', text);
    expect(resources.map((resource) => resource.id)).toEqual(['elsewhere', 'elsewhere/chat', 'elsewhere/Microsoft.Default']);
    expect(resources[0]?.unreadable).toMatch(/not declared in the template/);
    const findings = scan(resources);
    expect(verdicts(findings, 'azure/deployment-custom-content-filter')).toEqual({ 'elsewhere/chat': 'fail' });
    // Microsoft.Default has no Prompt Shields.
    expect(verdicts(findings, 'azure/content-filter-prompt-shields')).toEqual({ 'elsewhere/Microsoft.Default': 'fail' });
  });

  it('a template that declares the built-in policy itself is judged on what it declares', () => {
    const text = template([
      account('acct'),
      {
        type: 'Microsoft.CognitiveServices/accounts/raiPolicies',
        apiVersion: '2024-10-01',
        name: 'acct/Microsoft.DefaultV2',
        properties: { mode: 'Blocking', contentFilters: [] },
      },
      { type: 'Microsoft.CognitiveServices/accounts/deployments', apiVersion: '2024-10-01', name: 'acct/chat', properties: {} },
    ]);
    const policies = readArm('t.json', text).filter((resource) => resource.type === 'azure.rai-policy');
    expect(policies).toEqual([expect.objectContaining({ id: 'acct/Microsoft.DefaultV2', documentedDefault: false })]);
  });

  it('a name built from unknown parts splits only where it was written with a /', () => {
    const text = template(
      [
        {
          type: 'Microsoft.CognitiveServices/accounts/deployments',
          apiVersion: '2024-10-01',
          name: "[format('{0}/{1}', parameters('account'), resourceId('Microsoft.Web/sites', 'a/b'))]",
          properties: { raiPolicyName: 'strict' },
        },
      ],
      { parameters: { account: { type: 'string' } } },
    );
    const resources = readArm('t.json', text);
    expect(resources.find((resource) => resource.type === 'azure.deployment')).toMatchObject({
      accountId: "<parameters('account')>",
      name: "<resourceId('Microsoft.Web/sites', 'a/b')>",
    });
  });

  it('values supplied for parameters win over defaults (ARM parameters file)', () => {
    const text = template([account("[parameters('name')]", { disableLocalAuth: "[parameters('noKeys')]" })], {
      parameters: { name: { type: 'string', defaultValue: 'aoai-default' }, noKeys: { type: 'bool' } },
    });
    const reader = createArmReader({
      parameters: new Map<string, unknown>([
        ['Name', 'aoai-supplied'],
        ['noKeys', true],
        ['unused', 1],
      ]),
    });
    expect(readArm('t.json', text, reader)).toEqual([expect.objectContaining({ id: 'aoai-supplied', disableLocalAuth: true })]);
  });

  it('refuses malformed JSON naming the line', () => {
    expect(() => armReader.read('bad.json', `{\n  "$schema": "${schema}",\n  "resources": [\n    {,\n  ]\n}`, undefined)).toThrow(
      /^bad\.json:4: malformed JSON/,
    );
  });

  it('reads a languageVersion 2.0 template whose existing account sits in another resource group', () => {
    const text = JSON.stringify({
      $schema: schema,
      languageVersion: '2.0',
      contentVersion: '1.0.0.0',
      resources: {
        hub: { existing: true, type: 'Microsoft.CognitiveServices/accounts', apiVersion: '2024-10-01', resourceGroup: 'rg-hub', name: 'aoai-hub' },
        chat: {
          type: 'Microsoft.CognitiveServices/accounts/deployments',
          apiVersion: '2024-10-01',
          resourceGroup: 'rg-hub',
          name: "[format('{0}/{1}', 'aoai-hub', 'chat')]",
          properties: { raiPolicyName: 'Microsoft.DefaultV2' },
          dependsOn: ['hub'],
        },
      },
    });
    expect(readArm('t.json', text).map((resource) => [resource.id, resource.source.kind === 'file' ? resource.source.address : ''])).toEqual([
      ['resourceGroups/rg-hub/aoai-hub', 'hub'],
      ['resourceGroups/rg-hub/aoai-hub/chat', 'chat'],
      ['resourceGroups/rg-hub/aoai-hub/Microsoft.DefaultV2', 'chat'],
    ]);
  });
});

describe('Bicep sources', () => {
  it('names the compiled template next to a .bicep file, or the command that produces one', () => {
    expect(bicepSkipReason('infra/main.bicep', ['main.bicep', 'main.json', 'network.bicep'])).toBe(
      'Bicep source: its compiled ARM template main.json is read instead (rebuild it after changing main.bicep)',
    );
    expect(bicepSkipReason('infra/network.bicep', ['main.bicep', 'main.json', 'network.bicep'])).toBe(
      'Bicep source, and no compiled ARM template next to it: run `az bicep build --file infra/network.bicep` (or `bicep build infra/network.bicep`), which writes network.json next to it (`bicep build infra/network.bicep --stdout` prints it), and check that',
    );
    expect(bicepSkipReason('main.bicepparam', [])).toMatch(/az bicep build-params --file main\.bicepparam/);
  });
});

describe('hostile ARM templates', () => {
  it('refuses module loops that expand without limit, naming the file', () => {
    const inner = (depth: number): Record<string, unknown> =>
      depth === 0
        ? { $schema: schema, contentVersion: '1.0.0.0', resources: [{ ...account("[format('a{0}', copyIndex())]"), copy: { name: 'a', count: 800 } }] }
        : {
            $schema: schema,
            contentVersion: '1.0.0.0',
            resources: [{ ...module("[format('m{0}', copyIndex())]", inner(depth - 1)), copy: { name: `m${depth}`, count: 800 } }],
          };
    const text = JSON.stringify(inner(3));
    expect(() => armReader.read('loops.json', text, JSON.parse(text))).toThrow(
      /^loops\.json: copy loops and nested deployments expand to more than 100000 resources/,
    );
  });

  it('leaves self-referencing variables and parameters unresolved instead of looping', () => {
    const text = template([account("[variables('a')]", { disableLocalAuth: "[parameters('p')]" })], {
      variables: { a: "[variables('b')]", b: "[variables('a')]" },
      parameters: { p: { type: 'bool', defaultValue: "[parameters('p')]" } },
    });
    const [resource] = readArm('t.json', text);
    expect(resource).toMatchObject({ id: "<variables('a')>", disableLocalAuth: null, unreadable: expect.stringMatching(/disableLocalAuth/) });
  });
});
