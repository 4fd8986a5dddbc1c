/**
 * JSON Schema of the report (schemaVersion 1, spec §4). The provider ids come from the provider
 * registry, so a new provider needs no change here.
 */
import { driftStates } from './history-section.ts';
import { aiAssetKinds, type EffectivenessFlag } from '../model/ai-inventory.ts';

/** The effectiveness flags (spec §12), as `EffectivenessFlag` names them. */
const effectivenessFlags = ['bypassed-traffic', 'never-fires', 'over-blocking'] as const satisfies readonly EffectivenessFlag[];
export function reportSchema(providerIds: readonly string[]): object {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://github.com/aiposture/aiposture/schema/report-v1.json',
    title: 'aiposture JSON report, schemaVersion 1',
    type: 'object',
    required: ['schemaVersion', 'tool', 'scan', 'maturity', 'findings', 'coverage', 'summary'],
    properties: {
      schemaVersion: {
        const: 1,
      },
      tool: {
        type: 'object',
        required: ['name', 'version'],
        properties: {
          name: {
            const: 'aiposture',
          },
          version: {
            type: 'string',
          },
        },
      },
      scan: {
        type: 'object',
        required: ['mode', 'startedAt', 'finishedAt', 'providers', 'scopes'],
        properties: {
          mode: {
            enum: ['live', 'iac', 'demo'],
          },
          startedAt: {
            type: 'string',
            format: 'date-time',
          },
          finishedAt: {
            type: 'string',
            format: 'date-time',
          },
          providers: {
            type: 'array',
            items: {
              $ref: '#/$defs/provider',
            },
          },
          scopes: {
            type: 'array',
            items: {
              type: 'object',
              required: ['provider', 'type', 'id'],
              properties: {
                provider: {
                  $ref: '#/$defs/provider',
                },
                type: {
                  type: 'string',
                },
                id: {
                  type: 'string',
                },
                name: {
                  type: 'string',
                },
              },
            },
          },
        },
      },
      maturity: {
        oneOf: [
          {
            type: 'null',
          },
          {
            type: 'object',
            required: ['overall', 'platforms'],
            properties: {
              overall: {
                type: 'object',
                required: ['level', 'target'],
                properties: {
                  level: {
                    $ref: '#/$defs/levelOrNull',
                  },
                  target: {
                    $ref: '#/$defs/levelOrNull',
                  },
                },
              },
              platforms: {
                type: 'array',
                items: {
                  $ref: '#/$defs/platform',
                },
              },
            },
          },
        ],
      },
      findings: {
        type: 'array',
        items: {
          $ref: '#/$defs/finding',
        },
      },
      coverage: {
        type: 'array',
        items: {
          $ref: '#/$defs/coverage',
        },
      },
      iac: {
        type: 'object',
        required: ['files', 'skipped'],
        properties: {
          files: { type: 'array', items: { type: 'object', required: ['file', 'format'] } },
          skipped: { type: 'array', items: { type: 'object', required: ['file', 'reason'] } },
          errors: {
            type: 'array',
            items: {
              type: 'object',
              required: ['file', 'problem'],
              properties: { file: { type: 'string' }, line: { type: 'integer', minimum: 1 }, problem: { type: 'string' } },
            },
          },
          warnings: { type: 'array', items: { type: 'string' } },
        },
      },
      history: { $ref: '#/$defs/history' },
      inventory: { type: 'array', items: { $ref: '#/$defs/aiAsset' } },
      effectiveness: { type: 'array', items: { $ref: '#/$defs/platformEffectiveness' } },
      merge: {
        type: 'object',
        required: ['shards', 'of', 'missing'],
        properties: { shards: { type: 'integer', minimum: 1 }, of: { type: 'integer', minimum: 1 }, missing: { type: 'array', items: { type: 'integer' } } },
      },
      shard: {
        type: 'object',
        required: ['index', 'count', 'inventory'],
        properties: {
          index: { type: 'integer', minimum: 1 },
          count: { type: 'integer', minimum: 1 },
          inventory: { type: 'object', required: ['providers', 'scopes', 'regions', 'resources', 'listings'] },
        },
      },
      scopes: {
        type: 'array',
        items: {
          type: 'object',
          required: ['provider', 'type', 'id', 'level', 'fail', 'coverage'],
          properties: {
            provider: { $ref: '#/$defs/provider' },
            type: { type: 'string' },
            id: { type: 'string' },
            name: { type: 'string' },
            level: levelOrNull,
            fail: {
              type: 'object',
              required: ['critical', 'high', 'medium', 'low'],
              additionalProperties: false,
              properties: { critical: count, high: count, medium: count, low: count },
            },
            coverage: { enum: ['complete', 'partial', 'none'] },
          },
        },
      },
      summary: {
        type: 'object',
        required: ['pass', 'fail', 'unknown', 'not_applicable', 'suppressed'],
        properties: {
          pass: {
            type: 'integer',
            minimum: 0,
          },
          fail: {
            type: 'integer',
            minimum: 0,
          },
          unknown: {
            type: 'integer',
            minimum: 0,
          },
          not_applicable: {
            type: 'integer',
            minimum: 0,
          },
          suppressed: {
            type: 'integer',
            minimum: 0,
          },
        },
      },
    },
    $defs: {
      provider: {
        enum: [...providerIds],
      },
      history: historySchema(),
      ...insightDefs(),
      levelOrNull: {
        oneOf: [
          {
            type: 'null',
          },
          {
            type: 'integer',
            minimum: 1,
            maximum: 5,
          },
        ],
      },
      platform: {
        type: 'object',
        required: ['provider', 'inUse', 'level', 'criteria', 'nextLevel'],
        properties: {
          provider: {
            $ref: '#/$defs/provider',
          },
          inUse: {
            type: ['boolean', 'null'],
          },
          usage: {
            type: 'string',
          },
          level: {
            $ref: '#/$defs/levelOrNull',
          },
          criteria: {
            type: 'array',
            items: {
              type: 'object',
              required: ['id', 'level', 'title', 'status', 'summary', 'findings'],
              properties: {
                id: {
                  type: 'string',
                  pattern: '^L[2-5]\\.[a-z-]+$',
                },
                level: {
                  type: 'integer',
                  minimum: 2,
                  maximum: 5,
                },
                title: {
                  type: 'string',
                },
                status: {
                  enum: ['met', 'unmet', 'unknown', 'attested'],
                },
                summary: {
                  type: 'string',
                },
                findings: {
                  type: 'array',
                  items: {
                    type: 'string',
                  },
                },
              },
            },
          },
          nextLevel: {
            oneOf: [
              {
                type: 'null',
              },
              {
                type: 'object',
                required: ['level', 'blockers'],
                properties: {
                  level: {
                    type: 'integer',
                    minimum: 2,
                    maximum: 5,
                  },
                  blockers: {
                    type: 'array',
                    items: {
                      type: 'string',
                    },
                  },
                },
              },
            ],
          },
        },
      },
      finding: {
        type: 'object',
        required: [
          'id',
          'fingerprint',
          'ruleId',
          'title',
          'severity',
          'status',
          'provider',
          'scope',
          'region',
          'resource',
          'message',
          'remediation',
          'references',
          'source',
        ],
        properties: {
          id: {
            type: 'string',
          },
          fingerprint: {
            type: 'string',
            pattern: '^[0-9a-f]{64}$',
          },
          ruleId: {
            type: 'string',
            pattern: `^(${[...providerIds, 'multi'].join('|')})/[a-z0-9-]+$`,
          },
          title: {
            type: 'string',
          },
          severity: {
            enum: ['critical', 'high', 'medium', 'low', 'info'],
          },
          status: {
            enum: ['pass', 'fail', 'unknown', 'not_applicable', 'suppressed'],
          },
          reason: {
            type: 'string',
            pattern: '^[a-z0-9]+(-[a-z0-9]+)*$',
          },
          provider: {
            $ref: '#/$defs/provider',
          },
          scope: {
            type: 'object',
            required: ['type', 'id'],
            properties: {
              type: {
                type: 'string',
              },
              id: {
                type: 'string',
              },
            },
          },
          region: {
            type: ['string', 'null'],
          },
          resource: {
            type: 'object',
            required: ['id', 'type'],
            properties: {
              id: {
                type: 'string',
              },
              type: {
                type: 'string',
              },
              name: {
                type: 'string',
              },
            },
          },
          message: {
            type: 'string',
          },
          observed: {},
          expected: {},
          remediation: {
            type: 'string',
          },
          references: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          source: {
            oneOf: [
              {
                type: 'object',
                required: ['api'],
                properties: {
                  api: {
                    type: 'string',
                  },
                },
              },
              {
                type: 'object',
                required: ['file'],
                properties: {
                  file: {
                    type: 'string',
                  },
                  line: {
                    type: 'integer',
                    minimum: 1,
                  },
                  address: {
                    type: 'string',
                  },
                },
              },
            ],
          },
        },
      },
      coverage: {
        type: 'object',
        required: ['provider', 'scope', 'region', 'collector', 'status'],
        properties: {
          provider: {
            $ref: '#/$defs/provider',
          },
          scope: {
            type: 'object',
            required: ['type', 'id'],
            properties: {
              type: {
                type: 'string',
              },
              id: {
                type: 'string',
              },
            },
          },
          region: {
            type: ['string', 'null'],
          },
          collector: {
            type: 'string',
          },
          status: {
            enum: ['ok', 'denied', 'unsupported', 'error'],
          },
          message: {
            type: 'string',
          },
        },
      },
    },
  };
}

const count = { type: 'integer', minimum: 0 } as const;
const days = { type: 'number', minimum: 0 } as const;
const severity = { enum: ['critical', 'high', 'medium', 'low', 'info'] } as const;
const statusOrNull = { enum: ['pass', 'fail', 'unknown', 'not_applicable', 'suppressed', null] } as const;
const levelOrNull = { oneOf: [{ type: 'null' }, { type: 'integer', minimum: 1, maximum: 5 }] } as const;
const isoTime = { type: 'string', format: 'date-time' } as const;
/** How history entries name a finding: its fingerprint, rule and resource. */
const findingRef = {
  fingerprint: { type: 'string', pattern: '^[0-9a-f]{64}$' },
  ruleId: { type: 'string' },
  resource: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } },
} as const;

/** `null` needs a `reason` beside it (spec §12: not measurable is never 0). */
const nullNeedsReason = (...fields: string[]) => ({
  anyOf: [
    { required: ['reason'], properties: { reason: { type: 'string', minLength: 1 } } },
    { properties: Object.fromEntries(fields.map((field) => [field, { not: { type: 'null' } }])) },
  ],
});
const measure = { type: ['number', 'null'], minimum: 0 } as const;
const scopeRef = {
  type: 'object',
  required: ['type', 'id'],
  additionalProperties: false,
  properties: { type: { type: 'string' }, id: { type: 'string' } },
} as const;
const flags = { type: 'array', items: { enum: [...effectivenessFlags] } } as const;

/** The `inventory` and `effectiveness` sections (spec §12): present in live and demo reports. */
function insightDefs(): Record<string, object> {
  return {
    aiAsset: {
      type: 'object',
      required: ['provider', 'scope', 'region', 'kind', 'id', 'name', 'model', 'invoked', 'controls', 'missingControls'],
      additionalProperties: false,
      properties: {
        provider: { $ref: '#/$defs/provider' },
        scope: scopeRef,
        region: { type: ['string', 'null'] },
        kind: { enum: [...aiAssetKinds] },
        id: { type: 'string', minLength: 1 },
        name: { type: 'string' },
        model: {
          oneOf: [
            { type: 'null' },
            {
              type: 'object',
              required: ['name'],
              additionalProperties: false,
              properties: { provider: { type: 'string' }, name: { type: 'string', minLength: 1 }, version: { type: 'string' } },
            },
          ],
        },
        invoked: { type: ['boolean', 'null'] },
        controls: {
          type: 'array',
          items: {
            type: 'object',
            required: ['type', 'id'],
            additionalProperties: false,
            properties: { type: { type: 'string', minLength: 1 }, id: { type: 'string', minLength: 1 }, version: { type: 'string' } },
          },
        },
        missingControls: { type: 'array', items: { type: 'string', minLength: 1 } },
        details: { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean'] } },
        reason: { type: 'string', minLength: 1 },
      },
      ...nullNeedsReason('invoked'),
    },
    platformEffectiveness: {
      type: 'object',
      required: ['provider', 'window', 'controls', 'guardedShare'],
      additionalProperties: false,
      properties: {
        provider: { $ref: '#/$defs/provider' },
        window: { type: 'object', required: ['from', 'to'], additionalProperties: false, properties: { from: isoTime, to: isoTime } },
        controls: {
          type: 'array',
          items: {
            type: 'object',
            required: ['id', 'type', 'scope', 'region', 'invocations', 'interventions', 'interventionRate', 'estimatedCost', 'flags'],
            additionalProperties: false,
            properties: {
              id: { type: 'string', minLength: 1 },
              type: { type: 'string', minLength: 1 },
              scope: scopeRef,
              region: { type: ['string', 'null'] },
              invocations: measure,
              interventions: measure,
              interventionRate: { type: ['number', 'null'], minimum: 0, maximum: 1 },
              estimatedCost: {
                oneOf: [
                  { type: 'null' },
                  {
                    type: 'object',
                    required: ['amount', 'currency', 'basis'],
                    additionalProperties: false,
                    properties: { amount: { type: 'number', minimum: 0 }, currency: { type: 'string', pattern: '^[A-Z]{3}$' }, basis: { type: 'string' } },
                  },
                ],
              },
              flags,
              reason: { type: 'string', minLength: 1 },
            },
            // A missing cost is not a missing measurement (a control without a price, e.g. an Azure RAI policy): only counts need a reason.
            ...nullNeedsReason('invocations', 'interventions', 'interventionRate'),
          },
        },
        guardedShare: {
          type: 'array',
          items: {
            type: 'object',
            required: ['scope', 'region', 'modelInvocations', 'guardedInvocations', 'share', 'flags'],
            additionalProperties: false,
            properties: {
              scope: scopeRef,
              region: { type: ['string', 'null'] },
              target: { type: 'string' },
              modelInvocations: measure,
              guardedInvocations: measure,
              share: { type: ['number', 'null'], minimum: 0, maximum: 1 },
              flags,
              reason: { type: 'string', minLength: 1 },
            },
            ...nullNeedsReason('modelInvocations', 'guardedInvocations', 'share'),
          },
        },
        reason: { type: 'string', minLength: 1 },
      },
    },
  };
}

/** The `history` section (spec §11): present only when the scan ran with `--history`. */
function historySchema(): object {
  return {
    type: 'object',
    required: ['store', 'scanId', 'previousScanId', 'drift', 'levelChanges', 'mttrDays', 'slaBreaches'],
    properties: {
      store: { enum: ['sqlite', 'postgres'] },
      scanId: { type: 'string', minLength: 1 },
      previousScanId: { type: ['string', 'null'] },
      previousFinishedAt: { oneOf: [{ type: 'null' }, isoTime] },
      drift: {
        type: 'object',
        required: ['new', 'resolved', 'regressed', 'stillOpen', 'noLongerAssessed', 'noLongerReported'],
        additionalProperties: false,
        properties: { new: count, resolved: count, regressed: count, stillOpen: count, noLongerAssessed: count, noLongerReported: count },
      },
      levelChanges: {
        type: 'array',
        items: { type: 'object', required: ['provider', 'from', 'to'], properties: { provider: { type: 'string' }, from: levelOrNull, to: levelOrNull } },
      },
      mttrDays: {
        type: 'array',
        items: {
          type: 'object',
          required: ['provider', 'severity', 'days', 'resolved'],
          properties: { provider: { type: 'string' }, severity, days, resolved: count },
        },
      },
      slaBreaches: {
        type: 'array',
        items: {
          type: 'object',
          required: ['fingerprint', 'ruleId', 'resource', 'openSince', 'days', 'slaDays'],
          properties: {
            ...findingRef,
            openSince: isoTime,
            days,
            slaDays: { type: 'integer', minimum: 1 },
          },
        },
      },
      changes: {
        type: 'array',
        items: {
          type: 'object',
          required: ['fingerprint', 'ruleId', 'resource', 'state', 'before', 'after'],
          properties: {
            ...findingRef,
            state: { enum: [...driftStates] },
            before: statusOrNull,
            after: statusOrNull,
          },
        },
      },
      notCompared: count,
      coverageLost: count,
      precision: { type: 'object', required: ['scans', 'medianScanIntervalDays', 'note'] },
    },
  };
}
