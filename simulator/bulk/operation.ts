export type BulkOperationStatus = "CREATED" | "RUNNING" | "COMPLETED" | "CANCELING" | "CANCELED" | "FAILED" | "EXPIRED";
export type BulkOperationErrorCode = "ACCESS_DENIED" | "INTERNAL_SERVER_ERROR" | "TIMEOUT";

export interface BulkOperationRecord {
  gid: string;
  legacyId: number;
  type: "QUERY" | "MUTATION";
  status: BulkOperationStatus;
  errorCode: BulkOperationErrorCode | null;
  objectCount: number;
  rootObjectCount: number;
  fileSize: number | null;
  url: string | null;
  partialDataUrl: string | null;
  query: string;
  groupObjects: boolean;
  createdAt: Date;
  completedAt: Date | null;
  /** Where the JSONL result lives on disk while the simulator runs. */
  filePath: string | null;
  /** Why a FAILED operation failed (the GraphQL errors of the run), for debugging tests. */
  failureMessage: string | null;
  /** Access scopes of the token that started it; the run sees the store through them. */
  scopes: string[];
  /** `clientIdentifier` given to `bulkOperationRunMutation`, if any. */
  clientIdentifier: string | null;
}

/** Shopify 2026-01+ runs up to five bulk query operations per shop at once. */
export const MAX_CONCURRENT_BULK_QUERIES = 5;

/** And up to five bulk mutation operations (before 2026-01: one), beside the queries. */
export const MAX_CONCURRENT_BULK_MUTATIONS = 5;

export function isBulkOperationActive(operation: BulkOperationRecord): boolean {
  return operation.status === "CREATED" || operation.status === "RUNNING" || operation.status === "CANCELING";
}
