import { isBulkOperationActive, type BulkOperationRecord } from "../../bulk/operation.ts";
import type { SearchField } from "../search-query.ts";
import { dateTime, resolversFor, unsignedInt64 } from "./common.ts";
import type { ConnectionSpec } from "./list.ts";

const byId = (op: BulkOperationRecord) => op.legacyId;

export const BULK_OPERATION_CONNECTION: ConnectionSpec<BulkOperationRecord> = {
  defaultSortKey: "CREATED_AT",
  sortKeys: {
    CREATED_AT: { value: (op) => op.createdAt.getTime(), id: byId },
    COMPLETED_AT: { value: (op) => op.completedAt?.getTime() ?? 0, id: byId },
  },
  searchFields: {
    id: { type: "number", get: byId },
    status: { type: "string", get: (op) => op.status },
    operation_type: { type: "string", get: (op) => op.type },
    created_at: { type: "date", get: (op) => op.createdAt },
  } satisfies Record<string, SearchField<BulkOperationRecord>>,
};

export function currentBulkOperation(operations: readonly BulkOperationRecord[], type: string): BulkOperationRecord | null {
  const ofType = operations.filter((op) => op.type === type);
  return ofType.find(isBulkOperationActive) ?? ofType[ofType.length - 1] ?? null;
}

export const bulkOperationResolvers = resolversFor<BulkOperationRecord>({
  id: (op) => op.gid,
  type: (op) => op.type,
  status: (op) => op.status,
  errorCode: (op) => op.errorCode,
  objectCount: (op) => unsignedInt64(op.objectCount),
  rootObjectCount: (op) => unsignedInt64(op.rootObjectCount),
  fileSize: (op) => (op.fileSize === null ? null : unsignedInt64(op.fileSize)),
  url: (op) => op.url,
  partialDataUrl: (op) => op.partialDataUrl,
  query: (op) => op.query,
  createdAt: (op) => dateTime(op.createdAt),
  completedAt: (op) => dateTime(op.completedAt),
});
