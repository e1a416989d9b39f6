import type { CustomerSearchQuery } from "../../types/admin.generated.d.ts";

/** Shopify's customer search (name, email and the rest of its default fields): the GIDs it finds, best first. */
export const CustomerSearch = `#graphql
  query CustomerSearch($query: String!, $first: Int!) {
    customers(first: $first, query: $query, sortKey: RELEVANCE) {
      nodes {
        id
      }
    }
  }
`;

export type CustomerSearchData = CustomerSearchQuery;
