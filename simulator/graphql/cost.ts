import {
  getArgumentValues,
  getNamedType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLCompositeType,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";
import { parseGid } from "../ids.ts";
import {
  collectFields,
  isCompositeNamed,
  isConnectionType,
  mergedSelectionSet,
  possibleObjectTypes,
  type CollectedField,
  type SelectionContext,
} from "./selection.ts";

/**
 * Calculated query cost, following Shopify's documented method ("GraphQL Admin API rate limits"):
 * scalars and enums cost 0, objects 1, a connection 2 plus `first`/`last` times the cost of one node,
 * interfaces and unions the most expensive of their possible types, and every mutation field 10.
 * The requested cost is computed before execution from the arguments; the actual cost afterwards from the
 * objects actually returned.
 */
export const MUTATION_COST = 10;
export const CONNECTION_COST = 2;
export const MAX_QUERY_COST = 1000;

function isListOutput(type: GraphQLOutputType): boolean {
  return isListType(isNonNullType(type) ? type.ofType : type);
}

function pageSize(args: Record<string, unknown>): number {
  const first = typeof args.first === "number" ? args.first : null;
  const last = typeof args.last === "number" ? args.last : null;
  return Math.max(0, first ?? last ?? 0);
}

function mutationCost(ctx: SelectionContext, operation: OperationDefinitionNode): number {
  const root = ctx.schema.getMutationType();
  if (!root) return 0;
  return collectFields(ctx, root, operation.selectionSet).filter((f) => !f.fieldName.startsWith("__")).length * MUTATION_COST;
}

function argumentsOf(ctx: SelectionContext, field: CollectedField): Record<string, unknown> {
  const node = field.fieldNodes[0];
  if (!field.fieldDef || !node) return {};
  try {
    return getArgumentValues(field.fieldDef, node, ctx.variables);
  } catch {
    return {};
  }
}

// ---- requested cost ----

function selectionCost(ctx: SelectionContext, type: GraphQLCompositeType, selectionSet: SelectionSetNode): number {
  let max = 0;
  for (const objectType of possibleObjectTypes(ctx, type)) {
    let sum = 0;
    for (const field of collectFields(ctx, objectType, selectionSet)) sum += fieldCost(ctx, field);
    max = Math.max(max, sum);
  }
  return max;
}

function connectionNodeCost(ctx: SelectionContext, connection: GraphQLObjectType, selectionSet: SelectionSetNode): number {
  let sum = 0;
  for (const field of collectFields(ctx, connection, selectionSet)) {
    if (!field.fieldDef) continue;
    const named = getNamedType(field.fieldDef.type);
    const sub = mergedSelectionSet(field.fieldNodes);
    if (field.fieldName === "nodes" && isCompositeNamed(named)) {
      sum += 1 + selectionCost(ctx, named, sub);
    } else if (field.fieldName === "edges" && isObjectType(named)) {
      for (const edgeField of collectFields(ctx, named, sub)) {
        if (edgeField.fieldName !== "node" || !edgeField.fieldDef) continue;
        const nodeType = getNamedType(edgeField.fieldDef.type);
        if (isCompositeNamed(nodeType)) sum += 1 + selectionCost(ctx, nodeType, mergedSelectionSet(edgeField.fieldNodes));
      }
    }
  }
  return sum;
}

function fieldCost(ctx: SelectionContext, field: CollectedField): number {
  if (field.fieldName.startsWith("__") || !field.fieldDef) return 0;
  const named = getNamedType(field.fieldDef.type);
  if (isLeafType(named) || !isCompositeNamed(named)) return 0;
  const sub = mergedSelectionSet(field.fieldNodes);
  const args = argumentsOf(ctx, field);
  if (isConnectionType(named)) return CONNECTION_COST + pageSize(args) * connectionNodeCost(ctx, named, sub);
  const objectCost = 1 + selectionCost(ctx, named, sub);
  if (isListOutput(field.fieldDef.type)) return (typeof args.first === "number" ? Math.max(0, args.first) : 1) * objectCost;
  return objectCost;
}

export function requestedQueryCost(ctx: SelectionContext, operation: OperationDefinitionNode): number {
  if (operation.operation === "mutation") return mutationCost(ctx, operation);
  const root = ctx.schema.getQueryType();
  return root ? selectionCost(ctx, root, operation.selectionSet) : 0;
}

// ---- actual cost ----

function runtimeType(ctx: SelectionContext, type: GraphQLCompositeType, value: Record<string, unknown>): GraphQLObjectType | null {
  if (isObjectType(type)) return type;
  const candidates = possibleObjectTypes(ctx, type);
  const byName = (name: unknown) => candidates.find((t) => t.name === name) ?? null;
  if (typeof value.__typename === "string") return byName(value.__typename);
  for (const entry of Object.values(value)) {
    const parsed = parseGid(entry);
    if (parsed) return byName(parsed.type);
  }
  return null;
}

function objectActualCost(ctx: SelectionContext, type: GraphQLCompositeType, selectionSet: SelectionSetNode, value: unknown): number {
  if (!value || typeof value !== "object") return 0;
  const record = value as Record<string, unknown>;
  const concrete = runtimeType(ctx, type, record);
  if (!concrete) return 1 + selectionCost(ctx, type, selectionSet);
  let sum = 1;
  for (const field of collectFields(ctx, concrete, selectionSet)) sum += fieldActualCost(ctx, field, record[field.responseKey]);
  return sum;
}

function connectionActualCost(ctx: SelectionContext, connection: GraphQLObjectType, selectionSet: SelectionSetNode, value: unknown): number {
  if (!value || typeof value !== "object") return 0;
  const record = value as Record<string, unknown>;
  let sum = CONNECTION_COST;
  for (const field of collectFields(ctx, connection, selectionSet)) {
    if (!field.fieldDef) continue;
    const named = getNamedType(field.fieldDef.type);
    const sub = mergedSelectionSet(field.fieldNodes);
    const items = record[field.responseKey];
    if (!Array.isArray(items)) continue;
    if (field.fieldName === "nodes" && isCompositeNamed(named)) {
      for (const node of items) sum += objectActualCost(ctx, named, sub, node);
    } else if (field.fieldName === "edges" && isObjectType(named)) {
      for (const edge of items) {
        if (!edge || typeof edge !== "object") continue;
        for (const edgeField of collectFields(ctx, named, sub)) {
          if (edgeField.fieldName !== "node" || !edgeField.fieldDef) continue;
          const nodeType = getNamedType(edgeField.fieldDef.type);
          if (isCompositeNamed(nodeType)) {
            sum += objectActualCost(ctx, nodeType, mergedSelectionSet(edgeField.fieldNodes), (edge as Record<string, unknown>)[edgeField.responseKey]);
          }
        }
      }
    }
  }
  return sum;
}

function fieldActualCost(ctx: SelectionContext, field: CollectedField, value: unknown): number {
  if (field.fieldName.startsWith("__") || !field.fieldDef || value === null || value === undefined) return 0;
  const named = getNamedType(field.fieldDef.type);
  if (isLeafType(named) || !isCompositeNamed(named)) return 0;
  const sub = mergedSelectionSet(field.fieldNodes);
  if (isConnectionType(named)) return connectionActualCost(ctx, named, sub, value);
  if (Array.isArray(value)) return value.reduce<number>((sum, item) => sum + objectActualCost(ctx, named, sub, item), 0);
  return objectActualCost(ctx, named, sub, value);
}

export function actualQueryCost(ctx: SelectionContext, operation: OperationDefinitionNode, data: unknown): number {
  if (operation.operation === "mutation") return mutationCost(ctx, operation);
  const root = ctx.schema.getQueryType();
  if (!root || !data || typeof data !== "object") return 0;
  let sum = 0;
  for (const field of collectFields(ctx, root, operation.selectionSet)) {
    sum += fieldActualCost(ctx, field, (data as Record<string, unknown>)[field.responseKey]);
  }
  return sum;
}
