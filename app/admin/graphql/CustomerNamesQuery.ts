import type { CustomerNamesQuery } from "../../types/admin.generated.d.ts";

/**
 * The names of the shoppers on screen, fetched for the page and never stored (protected customer data: the app keeps
 * level 1, docs/decisions/0004). Without the shop's grant of name fields Shopify answers null with ACCESS_DENIED.
 */
export const CustomerNames = `#graphql
  query CustomerNames($ids: [ID!]!) {
    nodes(ids: $ids) {
      ... on Customer {
        id
        displayName
      }
    }
  }
`;

export type CustomerNamesData = CustomerNamesQuery;
