/**
 * JSON Schema of the report (schemaVersion 1, spec §4). The provider ids come from the provider
 * registry, so a new provider needs no change here.
 */
import { driftStates } from './history-section.ts';
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
