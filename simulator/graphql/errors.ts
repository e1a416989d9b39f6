import { GraphQLError, Lexer, Source, TokenKind, visit, type ASTNode, type DocumentNode, type OperationDefinitionNode, print } from "graphql";

/**
 * Errors in the shape Shopify's Admin API answers with. Shopify runs graphql-ruby, so messages and
 * `extensions.code` follow graphql-ruby (for example `Field 'x' doesn't exist on type 'QueryRoot'`,
 * code `undefinedField`), and `path` starts with the operation (`["query", "orders", "foo"]`).
 */
export interface ShopifyError {
  message: string;
  locations?: { line: number; column: number }[];
  path?: (string | number)[];
  extensions?: Record<string, unknown>;
}

const RUBY_TOKEN_NAMES: Partial<Record<string, string>> = {
  [TokenKind.BRACE_L]: "LCURLY",
  [TokenKind.BRACE_R]: "RCURLY",
  [TokenKind.PAREN_L]: "LPAREN",
  [TokenKind.PAREN_R]: "RPAREN",
  [TokenKind.BRACKET_L]: "LBRACKET",
  [TokenKind.BRACKET_R]: "RBRACKET",
  [TokenKind.COLON]: "COLON",
  [TokenKind.EQUALS]: "EQUALS",
  [TokenKind.BANG]: "BANG",
  [TokenKind.DOLLAR]: "VAR_SIGN",
  [TokenKind.AT]: "DIR_SIGN",
  [TokenKind.SPREAD]: "ELLIPSIS",
  [TokenKind.PIPE]: "PIPE",
  [TokenKind.AMP]: "AMP",
  [TokenKind.NAME]: "IDENTIFIER",
  [TokenKind.INT]: "INT",
  [TokenKind.FLOAT]: "FLOAT",
  [TokenKind.STRING]: "STRING",
  [TokenKind.BLOCK_STRING]: "STRING",
};

function locationsOf(error: GraphQLError): { line: number; column: number }[] {
  return (error.locations ?? []).map(({ line, column }) => ({ line, column }));
}

/** A document that does not parse: `Parse error on "}" (RCURLY) at [1, 9]`. */
export function parseError(error: GraphQLError, text: string): ShopifyError {
  const position = error.positions?.[0] ?? 0;
  const locations = locationsOf(error);
  const where = locations[0] ? `[${locations[0].line}, ${locations[0].column}]` : "[1, 1]";
  let token: { kind: string; value: string } | null = null;
  try {
    const lexer = new Lexer(new Source(text));
    let current = lexer.advance();
    while (current.kind !== TokenKind.EOF && current.start < position) current = lexer.advance();
    token = { kind: current.kind, value: current.value ?? current.kind };
  } catch {
    token = null;
  }
  if (!token || token.kind === TokenKind.EOF) {
    return { message: "Unexpected end of document", locations };
  }
  const rubyName = RUBY_TOKEN_NAMES[token.kind] ?? "UNKNOWN_CHAR";
  return { message: `Parse error on ${JSON.stringify(token.value)} (${rubyName}) at ${where}`, locations };
}

/** graphql-ruby's error path for an AST node: operation (`query Name`), fragments, then field response keys. */
export function astPath(document: DocumentNode, target: ASTNode): (string | number)[] {
  let found: (string | number)[] | null = null;
  visit(document, {
    enter(node, _key, _parent, _path, ancestors) {
      if (found) return false;
      if (node !== target) return undefined;
      const chain = [...ancestors, node].filter((a): a is ASTNode => !!a && !Array.isArray(a) && typeof a === "object" && "kind" in a);
      found = [];
      for (const a of chain) {
        if (a.kind === "OperationDefinition") found.push(a.name ? `${a.operation} ${a.name.value}` : a.operation);
        else if (a.kind === "FragmentDefinition") found.push(`fragment ${a.name.value}`);
        else if (a.kind === "Field") found.push(a.alias?.value ?? a.name.value);
      }
      return false;
    },
  });
  return found ?? [];
}

function operationLabel(document: DocumentNode, operationName: string | undefined): string {
  const operation = document.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === "OperationDefinition" && (!operationName || d.name?.value === operationName),
  );
  if (!operation) return operationName ?? "anonymous query";
  return operation.name ? operation.name.value : `anonymous ${operation.operation}`;
}

function stripType(typeName: string): string {
  return typeName.replace(/[![\]]/g, "");
}

/** Turns a graphql-js validation error into graphql-ruby's wording and code. */
export function validationError(error: GraphQLError, document: DocumentNode): ShopifyError {
  const locations = locationsOf(error);
  const node = error.nodes?.[0];
  const path = node ? astPath(document, node) : [];
  const base = (message: string, extensions: Record<string, unknown>): ShopifyError => ({
    message,
    locations,
    ...(path.length ? { path } : {}),
    extensions,
  });
  const m = error.message;
  let match: RegExpExecArray | null;

  if ((match = /^Cannot query field "(\w+)" on type "(\w+)"/.exec(m))) {
    const [, fieldName, typeName] = match as unknown as [string, string, string];
    return base(`Field '${fieldName}' doesn't exist on type '${typeName}'`, { code: "undefinedField", typeName, fieldName });
  }
  if ((match = /^Unknown argument "(\w+)" on field "(\w+)\.(\w+)"/.exec(m))) {
    const [, argumentName, , fieldName] = match as unknown as [string, string, string, string];
    return base(`Field '${fieldName}' doesn't accept argument '${argumentName}'`, {
      code: "argumentNotAccepted",
      name: fieldName,
      typeName: "Field",
      argumentName,
    });
  }
  if ((match = /^Field "(\w+)" argument "(\w+)" of type "([^"]+)" is required/.exec(m))) {
    const [, fieldName, argumentName] = match as unknown as [string, string, string];
    return base(`Field '${fieldName}' is missing required arguments: ${argumentName}`, {
      code: "missingRequiredArguments",
      className: "Field",
      name: fieldName,
      arguments: argumentName,
    });
  }
  if ((match = /^Field "(\w+)" of type "([^"]+)" must have a selection of subfields/.exec(m))) {
    const [, fieldName, typeName] = match as unknown as [string, string, string];
    return base(`Field must have selections (field '${fieldName}' returns ${stripType(typeName)} but has no selections. Did you mean '${fieldName} { ... }'?)`, {
      code: "selectionMismatch",
      nodeName: `field '${fieldName}'`,
      typeName: stripType(typeName),
    });
  }
  if ((match = /^Field "(\w+)" must not have a selection since type "([^"]+)" has no subfields/.exec(m))) {
    const [, fieldName, typeName] = match as unknown as [string, string, string];
    const selections =
      node && node.kind === "Field" && node.selectionSet ? node.selectionSet.selections.map((s) => (s.kind === "Field" ? s.name.value : print(s))).join(", ") : "";
    return base(`Selections can't be made on scalars (field '${fieldName}' returns ${stripType(typeName)} but has selections [${selections}])`, {
      code: "selectionMismatch",
      nodeName: `field '${fieldName}'`,
      typeName: stripType(typeName),
    });
  }
  if ((match = /^Variable "\$(\w+)" is never used/.exec(m))) {
    const [, variableName] = match as unknown as [string, string];
    return base(`Variable $${variableName} is declared by ${operationLabel(document, undefined)} but not used`, {
      code: "variableNotUsed",
      variableName,
    });
  }
  if ((match = /^Variable "\$(\w+)" is not defined/.exec(m))) {
    const [, variableName] = match as unknown as [string, string];
    return base(`Variable $${variableName} is used by ${operationLabel(document, undefined)} but not declared`, {
      code: "variableNotDefined",
      variableName,
    });
  }
  if ((match = /^Variable "\$(\w+)" of type "([^"]+)" used in position expecting type "([^"]+)"/.exec(m))) {
    const [, variableName, given, expected] = match as unknown as [string, string, string, string];
    const kind = stripType(given) === stripType(expected) ? "Nullability" : "Type";
    return base(`${kind} mismatch on variable $${variableName} (${given} / ${expected})`, {
      code: "variableMismatch",
      variableName,
      typeName: given,
    });
  }
  if ((match = /^Unknown type "(\w+)"/.exec(m))) {
    const [, typeName] = match as unknown as [string, string];
    return base(`No such type ${typeName}, so it can't be a fragment condition or input type`, { code: "undefinedType", typeName });
  }
  if ((match = /^Unknown fragment "(\w+)"/.exec(m))) {
    const [, fragmentName] = match as unknown as [string, string];
    return base(`Fragment ${fragmentName} was used, but not defined`, { code: "useAndDefineFragment", fragmentName });
  }
  if ((match = /^Fragment "(\w+)" is never used/.exec(m))) {
    const [, fragmentName] = match as unknown as [string, string];
    return base(`Fragment ${fragmentName} was defined, but not used`, { code: "useAndDefineFragment", fragmentName });
  }
  if (/cannot represent|Expected value of type|Expected type/.test(m)) {
    return base(m, { code: "argumentLiteralsIncompatible" });
  }
  if (/^This anonymous operation must be the only defined operation/.test(m)) {
    return base("Operation name is required when multiple operations are present", { code: "loneAnonymousOperation" });
  }
  return base(m, { code: "validationFailed" });
}

/**
 * A variable that does not coerce to its declared type:
 * `Variable $id of type ID! was provided invalid value`, code INVALID_VARIABLE, with the value and the problems.
 */
export function variableError(error: GraphQLError, operation: OperationDefinitionNode, inputs: Record<string, unknown>): ShopifyError {
  const match = /^Variable "\$(\w+)"/.exec(error.message);
  const variableName = match?.[1] ?? "";
  const definition = operation.variableDefinitions?.find((d) => d.variable.name.value === variableName);
  const typeName = definition ? print(definition.type) : "unknown";
  const pathMatch = /at "([^"]+)"/.exec(error.message);
  const problemPath = pathMatch?.[1]
    ? pathMatch[1]
        .split(".")
        .slice(1)
        .map((p) => (/^\d+$/.test(p) ? Number(p) : p))
    : [];
  const explanation = / was not provided\./.test(error.message)
    ? "Expected value to not be null"
    : error.message.replace(/^Variable "\$\w+" got invalid value [^;]*; /, "").replace(/^Variable "\$\w+" [^.]*\. /, "");
  return {
    message: `Variable $${variableName} of type ${typeName} was provided invalid value`,
    locations: locationsOf(error),
    extensions: {
      code: "INVALID_VARIABLE",
      value: inputs[variableName] ?? null,
      problems: [{ path: problemPath, explanation }],
    },
  };
}

/** Errors raised while resolving fields keep graphql-js's shape: message, locations, path, extensions. */
export function executionError(error: GraphQLError): ShopifyError {
  const json = error.toJSON();
  return {
    message: json.message,
    ...(json.locations ? { locations: json.locations.map(({ line, column }) => ({ line, column })) } : {}),
    ...(json.path ? { path: [...json.path] } : {}),
    ...(json.extensions && Object.keys(json.extensions).length ? { extensions: { ...json.extensions } } : {}),
  };
}

/** Raised for a field the store simulator does not model, so a test fails loudly instead of reading null. */
export function notImplemented(typeName: string, fieldName: string): GraphQLError {
  return new GraphQLError(`Field '${typeName}.${fieldName}' is not implemented by the store simulator`, {
    extensions: { code: "NOT_IMPLEMENTED", typeName, fieldName },
  });
}

export function accessDenied(fieldName: string, scope: string): GraphQLError {
  return new GraphQLError(`Access denied for ${fieldName} field. Required access: \`${scope}\` access scope.`, {
    extensions: {
      code: "ACCESS_DENIED",
      documentation: "https://shopify.dev/api/usage/access-scopes",
      requiredAccess: `\`${scope}\` access scope.`,
    },
  });
}

/**
 * A level 2 protected customer field the app was not granted (simulator/store/protected-customer-fields.ts). Shopify's
 * "Work with protected customer data" documents the answer: the field null, HTTP 200, and an error at the field's path,
 * "This app is not approved to access the Customer object. See https://partners.shopify.com/<partner>/apps/<app>/customer_data
 * for more details." (Admin API), "This app is not approved to use the phoneNumber field. See ..." (Customer Account
 * API). The simulator names the field, in the second form, and adds the `ACCESS_DENIED` code Shopify's answers carry.
 */
export function protectedFieldDenied(fieldName: string, appId: string): GraphQLError {
  return new GraphQLError(`This app is not approved to use the ${fieldName} field. See ${customerDataUrl(appId)} for more details.`, {
    extensions: { code: "ACCESS_DENIED" },
  });
}

/** The Partner Dashboard page where the app requests protected customer data (the simulator's partner id is 1). */
export function customerDataUrl(appId: string): string {
  return `https://partners.shopify.com/1/apps/${appId}/customer_data`;
}

export function invalidArgument(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: "BAD_REQUEST" } });
}
