/**
 * The worst-case CEL cost of the generated admission expressions, estimated over the parsed CEL
 * AST (@bufbuild/cel's `parse`, macros expanded as cel-go expands them) with the rules of cel-go's
 * estimator and Kubernetes' function costs. Only the maximum is tracked (the limits bound it).
 *
 * The rules followed, by source (kubernetes/kubernetes at the paths named):
 * - vendor/github.com/google/cel-go/checker/cost.go (`coster`): an identifier or a field select
 *   costs 1 (`selectAndIdentCost`, a select on a map or message adds 1 to its operand's cost); a
 *   constant 0; a list literal 10 plus its elements, a map literal 30 plus its entries;
 *   `&&`/`||` the sum of both sides; `?:` the condition plus the dearer branch; a comprehension
 *   "rangeCnt.MultiplyByCost(stepCost.Add(loopCost))" plus its range, accumulator init and result,
 *   and a `map`/`filter` result has the range's size; `in` on a list "O(n)" (the list's size);
 *   `==`/`!=`/`<`… "CostEstimate{Min: min, Max: smallestMax}.MultiplyByCostFactor(StringTraversalCostFactor)"
 *   (the smaller side's size × 0.1, rounded up: 1 for scalars); `+` on strings the result size × 0.1,
 *   on lists "O(1)"; `matches` "strCost.Multiply(regexCost)" with strCost = (size + 1) × 0.1 and
 *   regexCost = the pattern's length × 0.25; everything else "O(1)": 1 plus its arguments.
 * - vendor/github.com/google/cel-go/common/cost.go: the factors (0.1, 0.25) and base costs (1, 0, 10, 30).
 * - staging/src/k8s.io/apiserver/pkg/cel/library/cost.go (`CostEstimator.EstimateCallCost`):
 *   `join` "listSize.Multiply(elemSize)" plus the separators, × 0.1; `split` the string × 2 × 0.1;
 *   `containsIP` (4..16 + 4..16 bytes) × 0.1, `containsCIDR` that plus 16 × 0.1 plus 1, each plus
 *   the string's traversal for their string overloads; `prefixLength` 1.
 * - staging/src/k8s.io/apiserver/pkg/cel/environment/base.go: `PresenceTestHasCost(false)`, so
 *   `has()` costs its operand only.
 *
 * `cidr()`, `isCIDR()`, `ip()`, `isIP()` of a string cost its traversal (× 0.1): what library/cost.go
 * `CallCost` charges at runtime and what its cost_test.go expects of the estimate
 * (`cidr('192.168.0.0/16')` is 2). Where upstream's estimate has no size for a value the runtime
 * charges a constant for, this estimator takes the runtime's view, so that its figures bound what
 * the API server charges rather than being unbounded: a `type` value is a scalar, and `string(x)` of
 * an int or a string is sized (upstream: unknown, so comparing with one would be estimated at
 * 2^64 × 0.1).
 */
import { parse } from '@bufbuild/cel';

/** The value an expression yields, as far as its size goes. */
export type Shape =
  | { k: 'scalar' }
  | { k: 'never' }
  | { k: 'string'; max: number }
  /** An int-or-string: an int, or a string of at most `max` characters. */
  | { k: 'dyn'; max: number }
  | { k: 'list'; max: number; elem: Shape }
  | { k: 'map'; max: number; key: Shape; value: Shape }
  | { k: 'struct'; fields: Record<string, Shape> }
  | { k: 'unknown' };

/** Shape builders: a string of at most `max` characters, a list of at most `max` elements, a struct of these fields. */
export const str = (max: number): Shape => ({ k: 'string', max });
export const list = (max: number, elem: Shape): Shape => ({ k: 'list', max, elem });
export const struct = (fields: Record<string, Shape>): Shape => ({ k: 'struct', fields });

const SCALAR: Shape = { k: 'scalar' };
const UNKNOWN: Shape = { k: 'unknown' };
const NEVER: Shape = { k: 'never' };

const STRING_TRAVERSAL = 0.1;
const REGEX_LENGTH = 0.25;
const LIST_CREATE = 10;
const MAP_CREATE = 30;

/** `multiplyByCostFactor`: the product, rounded up (Go's float64 arithmetic is the same IEEE 754). */
const factor = (x: number, f: number) => Math.ceil(x * f);

/** The CEL `size()` of a value of this shape: string length, list or map entries; 1 for scalars. */
export function sizeOf(s: Shape): number {
  switch (s.k) {
    case 'scalar':
      return 1;
    case 'never':
      return 0;
    case 'string':
    case 'dyn':
    case 'list':
    case 'map':
      return s.max;
    default:
      return Number.POSITIVE_INFINITY;
  }
}

/** Both shapes' worst cases (a conditional's branches, a list's elements). */
export function union(a: Shape, b: Shape): Shape {
  if (a.k === 'never') return b;
  if (b.k === 'never') return a;
  if (a.k === 'list' && b.k === 'list') return { k: 'list', max: Math.max(a.max, b.max), elem: union(a.elem, b.elem) };
  if (a.k === 'map' && b.k === 'map') return { k: 'map', max: Math.max(a.max, b.max), key: union(a.key, b.key), value: union(a.value, b.value) };
  if ((a.k === 'string' || a.k === 'dyn') && (b.k === 'string' || b.k === 'dyn')) return { k: a.k === b.k ? a.k : 'dyn', max: Math.max(a.max, b.max) };
  if (a.k === 'scalar' && b.k === 'scalar') return SCALAR;
  if (a.k === 'struct' && b.k === 'struct') {
    const fields: Record<string, Shape> = { ...a.fields };
    for (const [name, f] of Object.entries(b.fields)) fields[name] = fields[name] ? union(fields[name], f) : f;
    return { k: 'struct', fields };
  }
  return UNKNOWN;
}

type Expr = ReturnType<typeof parse>['expr'] & {};
interface Estimate {
  cost: number;
  shape: Shape;
}

/** The identifiers in scope: the root variables, then comprehension variables on top. */
export type Scope = ReadonlyMap<string, Shape>;

/** Type names usable as values (`type(x) == int`). */
const TYPE_NAMES = new Set(['int', 'uint', 'double', 'bool', 'string', 'bytes', 'list', 'map', 'null_type', 'type']);

function elementOf(range: Shape): Shape {
  if (range.k === 'list') return range.elem;
  if (range.k === 'map') return range.key;
  return UNKNOWN;
}

function select(operand: Shape, field: string): Shape {
  if (operand.k === 'struct') return operand.fields[field] ?? UNKNOWN;
  if (operand.k === 'map') return operand.value;
  return UNKNOWN;
}

function callCost(fn: string, target: Estimate | undefined, args: Estimate[]): Estimate {
  const argSum = args.reduce((n, a) => n + a.cost, 0) + (target?.cost ?? 0);
  const plain = (shape: Shape = SCALAR): Estimate => ({ cost: 1 + argSum, shape });
  switch (fn) {
    case '_&&_':
    case '_||_':
      return { cost: argSum, shape: SCALAR };
    case '_?_:_':
      return { cost: args[0].cost + Math.max(args[1].cost, args[2].cost), shape: union(args[1].shape, args[2].shape) };
    case '_==_':
    case '_!=_':
    case '_<_':
    case '_<=_':
    case '_>_':
    case '_>=_':
      return { cost: factor(Math.min(sizeOf(args[0].shape), sizeOf(args[1].shape)), STRING_TRAVERSAL) + argSum, shape: SCALAR };
    case '@in':
      return { cost: (args[1].shape.k === 'map' ? 1 : sizeOf(args[1].shape)) + argSum, shape: SCALAR };
    case '_+_': {
      const [a, b] = [args[0].shape, args[1].shape];
      if (a.k === 'list' || b.k === 'list') {
        const elem = union(a.k === 'list' ? a.elem : NEVER, b.k === 'list' ? b.elem : NEVER);
        return plain({ k: 'list', max: sizeOf(a) + sizeOf(b), elem });
      }
      if (a.k === 'string' || b.k === 'string') {
        const max = sizeOf(a) + sizeOf(b);
        return { cost: factor(max, STRING_TRAVERSAL) + argSum, shape: { k: 'string', max } };
      }
      return plain();
    }
    case '_[_]':
      return plain(args[0].shape.k === 'list' ? args[0].shape.elem : args[0].shape.k === 'map' ? args[0].shape.value : UNKNOWN);
    case 'matches': {
      const [str, regex] = target ? [target.shape, args[0].shape] : [args[0].shape, args[1].shape];
      return { cost: factor(sizeOf(str) + 1, STRING_TRAVERSAL) * factor(sizeOf(regex), REGEX_LENGTH) + argSum, shape: SCALAR };
    }
    case 'join': {
      const joined = target?.shape;
      if (joined?.k !== 'list') return { cost: Number.POSITIVE_INFINITY, shape: UNKNOWN };
      const n = joined.max;
      const max = n * sizeOf(joined.elem) + (args[0] ? sizeOf(args[0].shape) * Math.max(0, n - 1) : 0);
      return { cost: factor(max, STRING_TRAVERSAL) + argSum, shape: { k: 'string', max } };
    }
    case 'split': {
      const n = target ? sizeOf(target.shape) : Number.POSITIVE_INFINITY;
      return { cost: factor(n, 2 * STRING_TRAVERSAL) + argSum, shape: { k: 'list', max: n, elem: { k: 'string', max: n } } };
    }
    case 'cidr':
    case 'isCIDR':
    case 'ip':
    case 'isIP':
      if (target) return plain(); // cidr.ip(): a field access
      return { cost: factor(sizeOf(args[0].shape), STRING_TRAVERSAL) + argSum, shape: SCALAR };
    case 'containsIP':
    case 'containsCIDR': {
      let cost = factor(16 + 16, STRING_TRAVERSAL);
      if (fn === 'containsCIDR') cost += factor(16, STRING_TRAVERSAL) + 1;
      if (args[0].shape.k !== 'scalar') cost += factor(sizeOf(args[0].shape), STRING_TRAVERSAL);
      return { cost: cost + argSum, shape: SCALAR };
    }
    case 'string': {
      const s = args[0].shape;
      // an int is at most 20 characters (-9223372036854775808)
      return plain({ k: 'string', max: s.k === 'string' || s.k === 'dyn' ? Math.max(s.max, 20) : s.k === 'scalar' ? 20 : Number.POSITIVE_INFINITY });
    }
    default:
      // size, type, !_, @not_strictly_false, prefixLength, …: O(1)
      return plain();
  }
}

function estimateExpr(e: Expr, scope: Scope): Estimate {
  const k = e.exprKind;
  switch (k.case) {
    case 'constExpr': {
      const c = k.value.constantKind;
      return { cost: 0, shape: c.case === 'stringValue' ? { k: 'string', max: [...c.value].length } : SCALAR };
    }
    case 'identExpr': {
      const name = k.value.name;
      const shape = scope.get(name) ?? (TYPE_NAMES.has(name) ? SCALAR : undefined);
      if (!shape) throw new Error(`unknown identifier ${name}`);
      return { cost: 1, shape };
    }
    case 'selectExpr': {
      const operand = estimateExpr(k.value.operand!, scope);
      // has(): presence tests are free (PresenceTestHasCost(false)); a select on a map or message costs 1
      return { cost: operand.cost + (k.value.testOnly ? 0 : 1), shape: k.value.testOnly ? SCALAR : select(operand.shape, k.value.field) };
    }
    case 'callExpr': {
      const target = k.value.target ? estimateExpr(k.value.target, scope) : undefined;
      const args = k.value.args.map((a) => estimateExpr(a, scope));
      return callCost(k.value.function, target, args);
    }
    case 'listExpr': {
      const items = k.value.elements.map((x) => estimateExpr(x, scope));
      const elem = items.reduce<Shape>((s, x) => union(s, x.shape), NEVER);
      return { cost: LIST_CREATE + items.reduce((n, x) => n + x.cost, 0), shape: { k: 'list', max: items.length, elem } };
    }
    case 'structExpr': {
      // map literals only (the generated CEL builds no messages)
      let cost = MAP_CREATE;
      let key: Shape = NEVER;
      let value: Shape = NEVER;
      for (const entry of k.value.entries) {
        if (entry.keyKind.case !== 'mapKey') throw new Error('message literals are not estimated');
        const kk = estimateExpr(entry.keyKind.value, scope);
        const vv = estimateExpr(entry.value!, scope);
        cost += kk.cost + vv.cost;
        key = union(key, kk.shape);
        value = union(value, vv.shape);
      }
      return { cost, shape: { k: 'map', max: k.value.entries.length, key, value } };
    }
    case 'comprehensionExpr': {
      const c = k.value;
      const range = estimateExpr(c.iterRange!, scope);
      const init = estimateExpr(c.accuInit!, scope);
      const inner = new Map(scope);
      inner.set(c.accuVar, init.shape);
      inner.set(c.iterVar, elementOf(range.shape));
      const cond = estimateExpr(c.loopCondition!, inner);
      const step = estimateExpr(c.loopStep!, inner);
      const result = estimateExpr(c.result!, new Map(scope).set(c.accuVar, init.shape));
      const n = sizeOf(range.shape);
      const cost = range.cost + init.cost + result.cost + n * (cond.cost + step.cost);
      // map/filter: a list of the range's size, of the step's elements
      const shape: Shape = init.shape.k === 'list' ? { k: 'list', max: n, elem: step.shape.k === 'list' ? step.shape.elem : UNKNOWN } : result.shape;
      return { cost, shape };
    }
    default:
      throw new Error(`CEL construct not estimated: ${k.case}`);
  }
}

/** The worst-case cost of `expression` and the shape of its value, with these identifiers in scope. */
export function estimate(expression: string, scope: Scope): Estimate {
  const parsed = parse(expression);
  if (!parsed.expr) throw new Error(`no expression: ${expression}`);
  return estimateExpr(parsed.expr, scope);
}
