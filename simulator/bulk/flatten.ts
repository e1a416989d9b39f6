import { getNamedType, isObjectType, type GraphQLCompositeType, type GraphQLObjectType, type OperationDefinitionNode, type SelectionSetNode } from "graphql";
import { parseGid } from "../ids.ts";
import { collectFields, isCompositeNamed, isConnectionType, mergedSelectionSet, possibleObjectTypes, type SelectionContext } from "../graphql/selection.ts";

/**
 * Bulk operation output: every node of a connection becomes its own JSONL line, without `edges`/`node`
 * wrappers; nodes of nested connections get `"__parentId"` (the id of the line that holds them) and are left
 * out of their parent's line. Non-connection objects and lists stay inline.
 */
export type JsonObject = Record<string, unknown>;

interface NodeValue {
  value: JsonObject;
  type: GraphQLCompositeType;
  selectionSet: SelectionSetNode;
}

function runtimeType(ctx: SelectionContext, type: GraphQLCompositeType, value: JsonObject): GraphQLObjectType | null {
  if (isObjectType(type)) return type;
  const candidates = possibleObjectTypes(ctx, type);
  if (typeof value.__typename === "string") return candidates.find((t) => t.name === value.__typename) ?? null;
  for (const entry of Object.values(value)) {
    const parsed = parseGid(entry);
    if (parsed) return candidates.find((t) => t.name === parsed.type) ?? null;
  }
  return null;
}

function connectionNodes(ctx: SelectionContext, connection: GraphQLObjectType, selectionSet: SelectionSetNode, value: unknown): NodeValue[] {
  if (!value || typeof value !== "object") return [];
  const record = value as JsonObject;
  const nodes: NodeValue[] = [];
  for (const field of collectFields(ctx, connection, selectionSet)) {
    if (!field.fieldDef) continue;
    const named = getNamedType(field.fieldDef.type);
    const items = record[field.responseKey];
    if (!Array.isArray(items)) continue;
    const sub = mergedSelectionSet(field.fieldNodes);
    if (field.fieldName === "nodes" && isCompositeNamed(named)) {
      for (const item of items) if (item && typeof item === "object") nodes.push({ value: item as JsonObject, type: named, selectionSet: sub });
    } else if (field.fieldName === "edges" && isObjectType(named)) {
      for (const edge of items) {
        if (!edge || typeof edge !== "object") continue;
        for (const edgeField of collectFields(ctx, named, sub)) {
          const nodeType = edgeField.fieldDef ? getNamedType(edgeField.fieldDef.type) : null;
          const node = (edge as JsonObject)[edgeField.responseKey];
          if (edgeField.fieldName === "node" && nodeType && isCompositeNamed(nodeType) && node && typeof node === "object") {
            nodes.push({ value: node as JsonObject, type: nodeType, selectionSet: mergedSelectionSet(edgeField.fieldNodes) });
          }
        }
      }
    }
  }
  return nodes;
}

function project(ctx: SelectionContext, node: NodeValue, ownerId: unknown, children: JsonObject[]): JsonObject {
  const concrete = runtimeType(ctx, node.type, node.value);
  if (!concrete) return { ...node.value };
  const out: JsonObject = {};
  for (const field of collectFields(ctx, concrete, node.selectionSet)) {
    if (!(field.responseKey in node.value)) continue;
    const value = node.value[field.responseKey];
    const named = field.fieldDef ? getNamedType(field.fieldDef.type) : null;
    if (!named || !isCompositeNamed(named) || value === null || value === undefined) {
      out[field.responseKey] = value;
      continue;
    }
    const sub = mergedSelectionSet(field.fieldNodes);
    if (isConnectionType(named)) {
      for (const child of connectionNodes(ctx, named, sub, value)) {
        const line: JsonObject = {};
        children.push(line);
        Object.assign(line, project(ctx, child, child.value.id, children), { __parentId: ownerId });
      }
      continue;
    }
    const inline = (item: unknown) =>
      item && typeof item === "object" ? project(ctx, { value: item as JsonObject, type: named, selectionSet: sub }, ownerId, children) : item;
    out[field.responseKey] = Array.isArray(value) ? value.map(inline) : inline(value);
  }
  return out;
}

/**
 * The JSONL objects for one page of root nodes. With `groupObjects` each root is followed by its descendants;
 * without it the page's roots come first and their descendants after, so children do not follow their parent.
 */
export function bulkLines(
  ctx: SelectionContext,
  operation: OperationDefinitionNode,
  data: JsonObject,
  groupObjects: boolean,
): { lines: JsonObject[]; roots: number } {
  const queryRoot = ctx.schema.getQueryType();
  if (!queryRoot) return { lines: [], roots: 0 };
  const field = collectFields(ctx, queryRoot, operation.selectionSet).find((f) => !f.fieldName.startsWith("__"));
  const named = field?.fieldDef ? getNamedType(field.fieldDef.type) : null;
  if (!field || !named || !isConnectionType(named)) return { lines: [], roots: 0 };
  const roots = connectionNodes(ctx, named, mergedSelectionSet(field.fieldNodes), data[field.responseKey]);
  const lines: JsonObject[] = [];
  const deferred: JsonObject[] = [];
  for (const root of roots) {
    const children: JsonObject[] = [];
    lines.push(project(ctx, root, root.value.id, children));
    if (groupObjects) lines.push(...children);
    else deferred.push(...children);
  }
  lines.push(...deferred);
  return { lines, roots: roots.length };
}
