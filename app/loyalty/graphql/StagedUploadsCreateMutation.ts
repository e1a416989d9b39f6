import type { StagedUploadsCreateMutation } from "../../types/admin.generated.d.ts";

/** Where to upload a bulk mutation's variables (resource BULK_MUTATION_VARIABLES): a URL and the form fields to send. */
export const StagedUploadsCreate = `#graphql
  mutation StagedUploadsCreate($input: [StagedUploadInput!]!) {
    stagedUploadsCreate(input: $input) {
      stagedTargets {
        url
        resourceUrl
        parameters {
          name
          value
        }
      }
      userErrors {
        field
        message
      }
    }
  }
`;

/** The mutation's `data`, generated from the schema (npm run graphql:codegen). */
export type StagedUploadsCreateData = StagedUploadsCreateMutation;
