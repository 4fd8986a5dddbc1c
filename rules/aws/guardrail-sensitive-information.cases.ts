import type { RuleCase } from '../../tests/rules/rule-case.ts';
import type { PiiEntity } from '../../src/model/aws.ts';
import { awsInventory, guardrail } from './case-builders.ts';

const id = guardrail().id;
const requiredDefault = ['EMAIL', 'PHONE', 'CREDIT_DEBIT_CARD_NUMBER', 'US_SOCIAL_SECURITY_NUMBER', 'AWS_SECRET_KEY'];

function pii(type: string, overrides: Partial<PiiEntity> = {}): PiiEntity {
  return { type, action: 'ANONYMIZE', inputAction: 'ANONYMIZE', outputAction: 'ANONYMIZE', inputEnabled: true, outputEnabled: true, ...overrides };
}

/** The default guardrail with the given PII entities (regexes: none). */
function withPii(piiEntities: PiiEntity[], regexCount = 0) {
  return guardrail({ sensitiveInformationPolicy: { piiEntities, regexCount } });
}

export const cases: readonly RuleCase[] = [
  { name: 'no guardrails: no verdicts', inventory: awsInventory(), expect: [] },
  {
    name: 'every required type anonymised on output passes',
    inventory: awsInventory({ resources: [guardrail()] }),
    expect: [{ resource: id, status: 'pass', reason: 'required-pii-masked' }],
  },
  {
    name: 'BLOCK counts as well as ANONYMIZE',
    inventory: awsInventory({
      resources: [withPii(requiredDefault.map((type) => pii(type, { action: 'BLOCK', inputAction: 'BLOCK', outputAction: 'BLOCK' })))],
    }),
    expect: [{ resource: id, status: 'pass', reason: 'required-pii-masked' }],
  },
  {
    name: 'no sensitive-information policy fails (Prowler: key absent)',
    inventory: awsInventory({ resources: [guardrail({ sensitiveInformationPolicy: null })] }),
    expect: [{ resource: id, status: 'fail', reason: 'no-sensitive-information-policy' }],
  },
  {
    name: 'a policy present but without the required types fails (stricter than Prowler)',
    inventory: awsInventory({ resources: [withPii([pii('NAME'), pii('EMAIL')])] }),
    expect: [{ resource: id, status: 'fail', reason: 'required-pii-not-masked' }],
  },
  {
    name: 'output action NONE (detect only) fails for that type',
    inventory: awsInventory({ resources: [withPii(requiredDefault.map((type) => (type === 'PHONE' ? pii(type, { outputAction: 'NONE' }) : pii(type))))] }),
    expect: [{ resource: id, status: 'fail', reason: 'required-pii-not-masked' }],
  },
  {
    name: 'masking on input only (outputEnabled false) does not cover the type',
    inventory: awsInventory({ resources: [withPii(requiredDefault.map((type) => (type === 'EMAIL' ? pii(type, { outputEnabled: false }) : pii(type))))] }),
    expect: [{ resource: id, status: 'fail', reason: 'required-pii-not-masked' }],
  },
  {
    name: 'omitted outputAction falls back to the entity action',
    inventory: awsInventory({
      resources: [
        withPii(requiredDefault.map((type) => pii(type, { action: 'BLOCK', inputAction: null, outputAction: null, inputEnabled: null, outputEnabled: null }))),
      ],
    }),
    expect: [{ resource: id, status: 'pass', reason: 'required-pii-masked' }],
  },
  {
    name: 'omitted outputAction with entity action NONE fails',
    inventory: awsInventory({ resources: [withPii(requiredDefault.map((type) => pii(type, { action: 'NONE', outputAction: null })))] }),
    expect: [{ resource: id, status: 'fail', reason: 'required-pii-not-masked' }],
  },
  {
    name: 'the baseline list decides which types are required',
    inventory: awsInventory({ resources: [withPii([pii('NAME'), pii('EMAIL')])] }),
    baseline: { requiredPiiTypes: ['EMAIL', 'NAME'] },
    expect: [{ resource: id, status: 'pass', reason: 'required-pii-masked' }],
  },
  {
    name: 'an empty baseline list still needs one PII type masked or blocked on output',
    inventory: awsInventory({ resources: [withPii([pii('NAME', { outputAction: 'NONE' })], 2)] }),
    baseline: { requiredPiiTypes: [] },
    expect: [{ resource: id, status: 'fail', reason: 'no-pii-masked' }],
  },
  {
    name: 'an empty baseline list passes with one PII type masked or blocked on output',
    inventory: awsInventory({ resources: [withPii([pii('NAME'), pii('EMAIL', { outputAction: 'NONE' })])] }),
    baseline: { requiredPiiTypes: [] },
    expect: [{ resource: id, status: 'pass', reason: 'pii-masked' }],
  },
  {
    name: 'unreadable guardrail version is unknown (Prowler fails it)',
    inventory: awsInventory({ resources: [guardrail({ sensitiveInformationPolicy: undefined, unreadable: 'AccessDeniedException' })] }),
    expect: [{ resource: id, status: 'unknown', reason: 'resource-unreadable' }],
  },
  {
    name: 'denied ListGuardrails in a region is unknown for that region',
    inventory: awsInventory({ failed: [{ type: 'aws.bedrock.guardrail', region: 'us-east-1' }] }),
    expect: [{ resource: '111122223333/us-east-1/aws.bedrock.guardrail/unknown', status: 'unknown', reason: 'listing-unreadable' }],
  },
];
