import type { CustomerNamesQuery } from "../../types/admin.generated.d.ts";

/**
 * The names of the shoppers on screen, fetched for the page and never stored (protected customer data: the app keeps
 * level 1, docs/decisions/0004). Without the shop's grant of name fields Shopify answers null with ACCESS_DENIED. The
 * first and last name, not displayName: for a shopper without a name that falls back to the email or phone (other
 * protected fields) or to an English placeholder, where the page shows the customer's number in the admin's language.
 */
export const CustomerNames = `#graphql
  query CustomerNames($ids: [ID!]!) {
    nodes(ids: $ids) {
      ... on Customer {
        id
        firstName
        lastName
      }
    }
  }
`;

export type CustomerNamesData = CustomerNamesQuery;
