import type { FlowTriggerDefinition } from "../flow/triggers.ts";
import type { BulkOperationRecord } from "../bulk/operation.ts";
import type { StagedTarget } from "../bulk/staged-uploads.ts";
import type { ShopStore } from "../store/shop.ts";
import type { SearchWarning } from "./search-query.ts";

/** How a bulk operation run pages through its top-level connection. */
export interface BulkPage {
  offset: number;
  limit: number;
  /** Shared by the pages of one run: the sorted, filtered root items (computed on the first page). */
  state: { rootItems: unknown[] | null };
}

export interface BulkUserError {
  field: string[] | null;
  message: string;
  code: "INVALID" | "LIMIT_REACHED" | "OPERATION_IN_PROGRESS" | null;
}

export interface BulkOperations {
  start(shop: ShopStore, query: string, groupObjects: boolean, scopes: readonly string[]): { operation: BulkOperationRecord | null; userErrors: BulkUserError[] };
  cancel(shop: ShopStore, operationGid: string): { operation: BulkOperationRecord | null; userErrors: BulkUserError[] };
}

/** BulkMutationUserError, with Shopify's BulkMutationErrorCode. */
export interface BulkMutationUserError {
  field: string[] | null;
  message: string;
  code: "INTERNAL_FILE_SERVER_ERROR" | "INVALID_MUTATION" | "INVALID_STAGED_UPLOAD_FILE" | "LIMIT_REACHED" | "NO_SUCH_FILE" | "OPERATION_IN_PROGRESS" | null;
}

export interface BulkMutations {
  start(
    shop: ShopStore,
    request: { mutation: string; stagedUploadPath: string; clientIdentifier: string | null },
    scopes: readonly string[],
  ): { operation: BulkOperationRecord | null; userErrors: BulkMutationUserError[] };
}

export interface StagedUploadTargets {
  target(shop: string, filename: string, mimeType: string): StagedTarget;
}

export interface ResolverContext {
  shop: ShopStore;
  scopes: ReadonlySet<string>;
  /** Present while a bulk operation executes its query. */
  bulk: BulkPage | null;
  bulkOperations: BulkOperations;
  bulkMutations: BulkMutations;
  stagedUploads: StagedUploadTargets;
  searchWarnings: { path: (string | number)[]; query: string; warnings: SearchWarning[] }[];
  /** The app's Flow triggers by handle (flowTriggerReceive). */
  flowTriggers: ReadonlyMap<string, FlowTriggerDefinition>;
}

/** `write_x` grants `read_x`, as in Shopify. */
export function hasScope(ctx: ResolverContext, scope: string): boolean {
  if (ctx.scopes.has(scope)) return true;
  return scope.startsWith("read_") && ctx.scopes.has(`write_${scope.slice("read_".length)}`);
}
