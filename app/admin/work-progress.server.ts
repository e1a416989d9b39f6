/** What the backfill and the rescoring are doing now, for the dashboard's status and the "Rescore now" button. */
import { db } from "../db.server.ts";
import { backfillProgress } from "../persistence/bulk-imports.server.ts";
import { backfillShare, rescoreShare } from "./progress.ts";

export interface WorkProgress {
  backfill: { status: string; share: number | null; rowsDone: number; rowsTotal: number | null; error: string | null } | null;
  rescore: { status: string; share: number | null; startedAt: string; finishedAt: string | null; error: string | null } | null;
}

export async function workProgress(shop: string): Promise<WorkProgress> {
  const [backfill, run] = await Promise.all([backfillProgress(shop), db.scoringRun.findFirst({ where: { shop }, orderBy: { id: "desc" } })]);
  return {
    backfill: backfill && { ...backfill, share: backfillShare(backfill) },
    rescore: run && {
      status: run.status,
      share: rescoreShare(run),
      startedAt: run.startedAt.toISOString(),
      finishedAt: run.finishedAt?.toISOString() ?? null,
      error: run.error,
    },
  };
}
