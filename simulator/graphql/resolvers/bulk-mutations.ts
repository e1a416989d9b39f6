import type { ResolverContext } from "../context.ts";
import { stringArg, unsupported, type Args } from "./common.ts";

interface StagedUploadInput {
  resource: string;
  filename: string;
  mimeType: string;
  httpMethod?: string | null;
  fileSize?: string | null;
}

/**
 * `stagedUploadsCreate`, for what bulk mutations need: BULK_MUTATION_VARIABLES targets uploaded with POST
 * (simulator/bulk/staged-uploads.ts). Media and file resources, and PUT targets, are not simulated.
 */
export function stagedUploadsCreate(args: Args, ctx: ResolverContext) {
  const inputs = (Array.isArray(args.input) ? args.input : []) as StagedUploadInput[];
  for (const input of inputs) {
    if (input.resource !== "BULK_MUTATION_VARIABLES") throw unsupported(`stagedUploadsCreate for resource ${input.resource}`);
    if (input.httpMethod !== "POST") throw unsupported("stagedUploadsCreate with httpMethod PUT");
  }
  return {
    stagedTargets: inputs.map((input) => ctx.stagedUploads.target(ctx.shop.domain, input.filename, input.mimeType)),
    userErrors: [],
  };
}

/** `bulkOperationRunMutation` (simulator/bulk/mutation-runner.ts); `groupObjects` is deprecated and has no effect. */
export function bulkOperationRunMutation(args: Args, ctx: ResolverContext) {
  const request = {
    mutation: stringArg(args, "mutation") ?? "",
    stagedUploadPath: stringArg(args, "stagedUploadPath") ?? "",
    clientIdentifier: stringArg(args, "clientIdentifier"),
  };
  const result = ctx.bulkMutations.start(ctx.shop, request, [...ctx.scopes]);
  return { bulkOperation: result.operation, userErrors: result.userErrors };
}
