import type { SegmentsByNameQuery as SegmentsByNameQueryResult } from "../../types/admin.generated.d.ts";

/** The app's segment by its name, when segmentCreate calls the name taken: created by an earlier try cut short. */
export const SegmentsByName = `#graphql
  query SegmentsByName($query: String!) {
    segments(first: 5, query: $query) {
      nodes {
        id
        name
      }
    }
  }
`;

/** The query's `data`, generated from the schema (npm run graphql:codegen). */
export type SegmentsByNameData = SegmentsByNameQueryResult;
