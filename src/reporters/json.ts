import type { Report } from '../report/build.ts';

/**
 * The JSON report, pretty-printed exactly as `JSON.stringify(report, null, 2)`, in pieces: one per
 * top-level key, and one per element of a top-level array (findings, coverage, scopes). An
 * organisation's report runs to a hundred megabytes; built as one string it cost seconds and most
 * of the peak memory of a large scan, while each piece here is small and written as it is made.
 */
export function* renderJsonChunks(report: Report): Generator<string> {
  const entries = Object.entries(report).filter(([, value]) => value !== undefined && typeof value !== 'function');
  yield '{';
  for (const [index, [key, value]] of entries.entries()) {
    const head = `${index === 0 ? '' : ','}\n  ${JSON.stringify(key)}: `;
    if (Array.isArray(value) && value.length > 0) {
      yield `${head}[`;
      for (const [position, element] of value.entries()) yield `${position === 0 ? '' : ','}\n    ${indent(JSON.stringify(element ?? null, null, 2), '    ')}`;
      yield '\n  ]';
    } else {
      yield `${head}${indent(JSON.stringify(value, null, 2), '  ')}`;
    }
  }
  yield entries.length > 0 ? '\n}\n' : '}\n';
}

function indent(text: string, prefix: string): string {
  return text.includes('\n') ? text.replace(/\n/g, `\n${prefix}`) : text;
}

export function renderJson(report: Report): string {
  return [...renderJsonChunks(report)].join('');
}
