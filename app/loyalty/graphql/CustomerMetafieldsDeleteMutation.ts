import type { CustomerMetafieldsDeleteMutation } from "../../types/admin.generated.d.ts";

/** Clears the app's metafields that no longer hold a value (a code that ended, a score the model no longer gives). */
export const CustomerMetafieldsDelete = `#graphql
  mutation CustomerMetafieldsDelete($metafields: [MetafieldIdentifierInput!]!) {
    metafieldsDelete(metafields: $metafields) {
      deletedMetafields {
        ownerId
        key
      }
      userErrors {
        field
        message
      }
    }
  }
`;

/** The mutation's `data`, generated from the schema (npm run graphql:codegen). */
export type CustomerMetafieldsDeleteData = CustomerMetafieldsDeleteMutation;
