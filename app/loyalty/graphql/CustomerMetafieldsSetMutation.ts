import type { CustomerMetafieldsSetMutation } from "../../types/admin.generated.d.ts";

/** Writes up to 25 of the app's metafields at once (atomic); the answer names each owner, for bulk result lines. */
export const CustomerMetafieldsSet = `#graphql
  mutation CustomerMetafieldsSet($metafields: [MetafieldsSetInput!]!) {
    metafieldsSet(metafields: $metafields) {
      metafields {
        key
        owner {
          ... on Customer {
            id
          }
        }
      }
      userErrors {
        field
        code
        message
        elementIndex
      }
    }
  }
`;

/** The mutation's `data`, generated from the schema (npm run graphql:codegen). */
export type CustomerMetafieldsSetData = CustomerMetafieldsSetMutation;
