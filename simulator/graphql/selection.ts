import {
  getDirectiveValues,
  getNamedType,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  isAbstractType,
  isInterfaceType,
  isObjectType,
  typeFromAST,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type SelectionSetNode,
} from "graphql";

/** Walking selection sets the way execution does: fragments applied per concrete type, @skip/@include honoured. */

export interface CollectedField {
  responseKey: string;
  fieldName: string;
  fieldNodes: FieldNode[];
  /** Undefined for `__typename` and introspection fields. */
  fieldDef: GraphQLField<unknown, unknown> | undefined;
}

export interface SelectionContext {
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
}

function included(ctx: SelectionContext, node: FieldNode | SelectionSetNode["selections"][number]): boolean {
  const skip = getDirectiveValues(GraphQLSkipDirective, node, ctx.variables);
  if (skip?.if === true) return false;
  const include = getDirectiveValues(GraphQLIncludeDirective, node, ctx.variables);
  return include?.if !== false;
}

function conditionApplies(ctx: SelectionContext, condition: GraphQLNamedType | undefined, type: GraphQLObjectType): boolean {
  if (!condition) return true;
  if (condition === type) return true;
  if (isAbstractType(condition)) return ctx.schema.isSubType(condition, type);
  return false;
}

/** Fields selected on an object of concrete type `type`, merged by response key, in selection order. */
export function collectFields(ctx: SelectionContext, type: GraphQLObjectType, selectionSet: SelectionSetNode): CollectedField[] {
  const byKey = new Map<string, CollectedField>();
  const visitedFragments = new Set<string>();
  const walk = (set: SelectionSetNode) => {
    for (const selection of set.selections) {
      if (!included(ctx, selection)) continue;
      if (selection.kind === "Field") {
        const responseKey = selection.alias?.value ?? selection.name.value;
        const existing = byKey.get(responseKey);
        if (existing) existing.fieldNodes.push(selection);
        else {
          byKey.set(responseKey, {
            responseKey,
            fieldName: selection.name.value,
            fieldNodes: [selection],
            fieldDef: type.getFields()[selection.name.value],
          });
        }
      } else if (selection.kind === "InlineFragment") {
        const condition = selection.typeCondition ? typeFromAST(ctx.schema, selection.typeCondition) : undefined;
        if (conditionApplies(ctx, condition, type)) walk(selection.selectionSet);
      } else {
        const name = selection.name.value;
        if (visitedFragments.has(name)) continue;
        visitedFragments.add(name);
        const fragment = ctx.fragments[name];
        if (!fragment) continue;
        const condition = typeFromAST(ctx.schema, fragment.typeCondition);
        if (conditionApplies(ctx, condition, type)) walk(fragment.selectionSet);
      }
    }
  };
  walk(selectionSet);
  return [...byKey.values()];
}

/** The sub-selections of a merged field, as one selection set. */
export function mergedSelectionSet(fieldNodes: readonly FieldNode[]): SelectionSetNode {
  return {
    kind: "SelectionSet" as SelectionSetNode["kind"],
    selections: fieldNodes.flatMap((node) => node.selectionSet?.selections ?? []),
  };
}

export function possibleObjectTypes(ctx: SelectionContext, type: GraphQLCompositeType): readonly GraphQLObjectType[] {
  if (isObjectType(type)) return [type];
  return ctx.schema.getPossibleTypes(type);
}

/** A connection type: `<X>Connection` with `pageInfo` and `edges` or `nodes`. */
export function isConnectionType(type: GraphQLNamedType): type is GraphQLObjectType {
  if (!isObjectType(type) || !type.name.endsWith("Connection")) return false;
  const fields = type.getFields();
  return "pageInfo" in fields && ("edges" in fields || "nodes" in fields);
}

export function namedTypeOf(field: GraphQLField<unknown, unknown>): GraphQLNamedType {
  return getNamedType(field.type);
}

export function isCompositeNamed(type: GraphQLNamedType): type is GraphQLCompositeType {
  return isObjectType(type) || isInterfaceType(type) || isAbstractType(type);
}

export function fragmentMap(definitions: readonly { kind: string }[]): Record<string, FragmentDefinitionNode> {
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of definitions) {
    if (definition.kind === "FragmentDefinition") {
      const fragment = definition as FragmentDefinitionNode;
      fragments[fragment.name.value] = fragment;
    }
  }
  return fragments;
}
