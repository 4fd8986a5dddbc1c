/**
 * CloudFormation intrinsic functions, and the ones that can be evaluated before deployment.
 *
 * A template's `Parameters` have the value given for them (a parameters file, as `aws
 * cloudformation deploy --parameter-overrides` reads it) or else their `Default`; `Conditions`
 * and `Mappings` follow from them. With those known, `Ref` to a parameter, `Fn::If` on a decidable
 * condition, `Fn::Sub`, `Fn::Join`, `Fn::Select`, `Fn::Split` and `Fn::FindInMap` of known
 * arguments evaluate to plain values. What exists only once the stack is deployed — `Ref` and
 * `Fn::GetAtt` of resources, pseudo parameters (`AWS::Region`, `AWS::AccountId`, …),
 * `Fn::ImportValue`, `Fn::GetAZs`, SSM parameter types — stays an {@link Intrinsic}, rendered as
 * written (`!GetAtt Key.Arn`).
 */

/** An intrinsic function call: its value is known only when the stack is deployed. */
export class Intrinsic {
  readonly fn: string;
  readonly args: unknown;
  constructor(fn: string, args: unknown) {
    this.fn = fn;
    this.args = args;
  }
  /** The call as written in short form (`!GetAtt Key.Arn`, `!Sub "arn:${AWS::Partition}:…"`). */
  toString(): string {
    const name = this.fn.replace(/^Fn::/, '');
    if (this.fn === 'Fn::GetAtt' && Array.isArray(this.args)) return `!GetAtt ${this.args.map(String).join('.')}`;
    return `!${name} ${typeof this.args === 'string' ? this.args : JSON.stringify(this.args, (_, value: unknown) => (value instanceof Intrinsic ? value.toString() : value))}`;
  }
}

export function isNoValue(value: unknown): boolean {
  return value instanceof Intrinsic && value.fn === 'Ref' && value.args === 'AWS::NoValue';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Intrinsic);
}

/** A parameter's value: a string, a list (CommaDelimitedList, List<…>), or unknown until deployment. */
type ParameterValue = string | string[] | undefined;

export interface TemplateValues {
  /** The value of a parameter (undefined: not declared, or no value before deployment). */
  parameter(name: string): ParameterValue;
  /** Whether a condition holds (undefined: it depends on something unknown). */
  condition(name: string): boolean | undefined;
  mappings: Record<string, unknown>;
}

function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/**
 * The evaluable part of a template: parameters (with `supplied` values winning over `Default`;
 * names the template does not declare are ignored), conditions and mappings.
 */
export function templateValues(template: Record<string, unknown>, supplied: ReadonlyMap<string, string>): TemplateValues {
  const declared = isRecord(template.Parameters) ? template.Parameters : {};
  const conditions = isRecord(template.Conditions) ? template.Conditions : {};
  const mappings = isRecord(template.Mappings) ? template.Mappings : {};
  const parameterCache = new Map<string, ParameterValue>();
  const conditionCache = new Map<string, boolean | undefined>();
  const evaluating = new Set<string>();
  const values: TemplateValues = {
    mappings,
    parameter(name) {
      if (parameterCache.has(name)) return parameterCache.get(name);
      const definition = declared[name];
      let value: ParameterValue;
      if (isRecord(definition)) {
        const type = typeof definition.Type === 'string' ? definition.Type : 'String';
        const raw = supplied.has(name) ? supplied.get(name) : scalarText(definition.Default);
        // An SSM parameter type's value is the SSM parameter's content, read at deployment.
        if (raw !== undefined && !type.startsWith('AWS::SSM::Parameter::Value<')) {
          value = type === 'CommaDelimitedList' || type.startsWith('List<') ? raw.split(',').map((entry) => entry.trim()) : raw;
        }
      }
      parameterCache.set(name, value);
      return value;
    },
    condition(name) {
      if (conditionCache.has(name)) return conditionCache.get(name);
      if (evaluating.has(name) || !(name in conditions)) return undefined;
      evaluating.add(name);
      const result = evaluateCondition(conditions[name], values);
      evaluating.delete(name);
      conditionCache.set(name, result);
      return result;
    },
  };
  return values;
}

function evaluateCondition(value: unknown, values: TemplateValues): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  if (!(value instanceof Intrinsic)) return undefined;
  const args = Array.isArray(value.args) ? value.args : [value.args];
  switch (value.fn) {
    case 'Condition':
      return typeof value.args === 'string' ? values.condition(value.args) : undefined;
    case 'Fn::Equals': {
      const [a, b] = args.map((entry) => resolveIntrinsics(entry, values));
      const left = scalarText(a);
      const right = scalarText(b);
      if (left === undefined || right === undefined) return undefined;
      return left === right;
    }
    case 'Fn::Not': {
      const inner = evaluateCondition(args[0], values);
      return inner === undefined ? undefined : !inner;
    }
    case 'Fn::And':
    case 'Fn::Or': {
      const results = args.map((entry) => evaluateCondition(entry, values));
      if (value.fn === 'Fn::And') return results.includes(false) ? false : results.includes(undefined) ? undefined : true;
      return results.includes(true) ? true : results.includes(undefined) ? undefined : false;
    }
    default:
      return undefined;
  }
}

/** `${Name}` in an `Fn::Sub` string: known names substituted, the others kept (`${!Literal}` is `${Literal}`). */
function substitute(text: string, variables: Record<string, unknown>, values: TemplateValues): { text: string; complete: boolean } {
  let complete = true;
  const result = text.replace(/\$\{([^}]*)\}/g, (whole, name: string) => {
    if (name.startsWith('!')) return `\${${name.slice(1)}}`;
    const variable = name in variables ? resolveIntrinsics(variables[name], values) : undefined;
    const fromVariable = scalarText(variable);
    if (fromVariable !== undefined) return fromVariable;
    if (!(name in variables) && !name.includes('.')) {
      const parameter = values.parameter(name);
      if (typeof parameter === 'string') return parameter;
      if (Array.isArray(parameter)) return parameter.join(',');
    }
    complete = false;
    return whole;
  });
  return { text: result, complete };
}

/**
 * Evaluates what can be evaluated inside a value (every intrinsic, at any depth): known
 * parameters, decidable conditions, mappings and string functions of known arguments. The rest
 * stays an {@link Intrinsic} (with its arguments evaluated as far as they go).
 */
export function resolveIntrinsics(value: unknown, values: TemplateValues, depth = 0): unknown {
  if (depth > 64) return value;
  if (Array.isArray(value)) return value.map((entry) => resolveIntrinsics(entry, values, depth + 1));
  if (isRecord(value)) {
    const result: Record<string, unknown> = {};
    for (const [key, entry] of Object.entries(value)) result[key] = resolveIntrinsics(entry, values, depth + 1);
    return result;
  }
  if (!(value instanceof Intrinsic)) return value;
  const args = value.args;
  switch (value.fn) {
    case 'Ref': {
      if (typeof args !== 'string') return value;
      const parameter = values.parameter(args);
      return parameter ?? value;
    }
    case 'Fn::If': {
      if (!Array.isArray(args) || args.length !== 3 || typeof args[0] !== 'string') return value;
      const holds = values.condition(args[0]);
      if (holds === undefined)
        return new Intrinsic('Fn::If', [args[0], resolveIntrinsics(args[1], values, depth + 1), resolveIntrinsics(args[2], values, depth + 1)]);
      return resolveIntrinsics(holds ? args[1] : args[2], values, depth + 1);
    }
    case 'Fn::Sub': {
      const [text, variables] = typeof args === 'string' ? [args, {}] : Array.isArray(args) ? [args[0], args[1]] : [undefined, undefined];
      if (typeof text !== 'string') return value;
      const substituted = substitute(text, isRecord(variables) ? variables : {}, values);
      if (substituted.complete) return substituted.text;
      return new Intrinsic('Fn::Sub', typeof args === 'string' ? substituted.text : [substituted.text, variables]);
    }
    case 'Fn::Join': {
      if (!Array.isArray(args) || args.length !== 2 || typeof args[0] !== 'string') return value;
      const list = resolveIntrinsics(args[1], values, depth + 1);
      if (!Array.isArray(list)) return value;
      const texts = list.map(scalarText);
      return texts.every((entry) => entry !== undefined) ? texts.join(args[0]) : value;
    }
    case 'Fn::Select': {
      if (!Array.isArray(args) || args.length !== 2) return value;
      const index = Number(scalarText(resolveIntrinsics(args[0], values, depth + 1)));
      const list = resolveIntrinsics(args[1], values, depth + 1);
      if (!Array.isArray(list) || !Number.isInteger(index) || index < 0 || index >= list.length) return value;
      return list[index];
    }
    case 'Fn::Split': {
      if (!Array.isArray(args) || args.length !== 2 || typeof args[0] !== 'string') return value;
      const text = scalarText(resolveIntrinsics(args[1], values, depth + 1));
      return text === undefined ? value : text.split(args[0]);
    }
    case 'Fn::FindInMap': {
      if (!Array.isArray(args) || args.length < 3) return value;
      const keys = args.slice(0, 3).map((entry) => scalarText(resolveIntrinsics(entry, values, depth + 1)));
      if (keys.some((key) => key === undefined)) return value;
      const [map, top, second] = keys as string[];
      const level = values.mappings[map as string];
      const inner = isRecord(level) ? level[top as string] : undefined;
      const found = isRecord(inner) ? inner[second as string] : undefined;
      if (found !== undefined) return resolveIntrinsics(found, values, depth + 1);
      // Fn::FindInMap's DefaultValue (AWS::LanguageExtensions).
      const fallback = args[3];
      if (isRecord(fallback) && 'DefaultValue' in fallback) return resolveIntrinsics(fallback.DefaultValue, values, depth + 1);
      return value;
    }
    default:
      return value;
  }
}
