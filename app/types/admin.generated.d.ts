/* eslint-disable eslint-comments/disable-enable-pair */
/* eslint-disable eslint-comments/no-unlimited-disable */
/* eslint-disable */
import type * as AdminTypes from './admin.types.js';

export type BackfillCustomersQueryVariables = AdminTypes.Exact<{ [key: string]: never; }>;


export type BackfillCustomersQuery = { customers: { edges: Array<{ node: Pick<AdminTypes.Customer, 'id' | 'createdAt' | 'updatedAt'> }> } };

export type BackfillOrdersQueryVariables = AdminTypes.Exact<{ [key: string]: never; }>;


export type BackfillOrdersQuery = { orders: { edges: Array<{ node: (
        Pick<AdminTypes.Order, 'id' | 'createdAt' | 'updatedAt' | 'processedAt' | 'cancelledAt' | 'test' | 'currencyCode' | 'presentmentCurrencyCode'>
        & { customer: AdminTypes.Maybe<Pick<AdminTypes.Customer, 'id'>>, totalPriceSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'>, presentmentMoney: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> }, refunds: Array<(
          Pick<AdminTypes.Refund, 'id' | 'createdAt'>
          & { totalRefundedSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> } }
        )> }
      ) }> } };

export type BulkOperationQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type BulkOperationQuery = { bulkOperation: AdminTypes.Maybe<Pick<AdminTypes.BulkOperation, 'id' | 'status' | 'errorCode' | 'objectCount' | 'rootObjectCount' | 'url' | 'partialDataUrl' | 'completedAt'>> };

export type BulkOperationRunQueryMutationVariables = AdminTypes.Exact<{
  query: AdminTypes.Scalars['String']['input'];
}>;


export type BulkOperationRunQueryMutation = { bulkOperationRunQuery: AdminTypes.Maybe<{ bulkOperation: AdminTypes.Maybe<Pick<AdminTypes.BulkOperation, 'id' | 'status'>>, userErrors: Array<Pick<AdminTypes.BulkOperationUserError, 'field' | 'message' | 'code'>> }> };

export type ShopDetailsQueryVariables = AdminTypes.Exact<{ [key: string]: never; }>;


export type ShopDetailsQuery = { shop: Pick<AdminTypes.Shop, 'name' | 'currencyCode' | 'ianaTimezone'> };

export type CustomerTagsAddMutationVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
  tags: Array<AdminTypes.Scalars['String']['input']> | AdminTypes.Scalars['String']['input'];
}>;


export type CustomerTagsAddMutation = { tagsAdd: AdminTypes.Maybe<{ userErrors: Array<Pick<AdminTypes.UserError, 'field' | 'message'>> }> };

export type CustomerTagsRemoveMutationVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
  tags: Array<AdminTypes.Scalars['String']['input']> | AdminTypes.Scalars['String']['input'];
}>;


export type CustomerTagsRemoveMutation = { tagsRemove: AdminTypes.Maybe<{ userErrors: Array<Pick<AdminTypes.UserError, 'field' | 'message'>> }> };

interface GeneratedQueryTypes {
  "#graphql\n  query BackfillCustomers {\n    customers {\n      edges {\n        node {\n          id\n          createdAt\n          updatedAt\n        }\n      }\n    }\n  }\n": {return: BackfillCustomersQuery, variables: BackfillCustomersQueryVariables},
  "#graphql\n  query BackfillOrders {\n    orders(sortKey: CREATED_AT) {\n      edges {\n        node {\n          id\n          createdAt\n          updatedAt\n          processedAt\n          cancelledAt\n          test\n          currencyCode\n          presentmentCurrencyCode\n          customer {\n            id\n          }\n          totalPriceSet {\n            shopMoney {\n              amount\n              currencyCode\n            }\n            presentmentMoney {\n              amount\n              currencyCode\n            }\n          }\n          refunds {\n            id\n            createdAt\n            totalRefundedSet {\n              shopMoney {\n                amount\n                currencyCode\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n": {return: BackfillOrdersQuery, variables: BackfillOrdersQueryVariables},
  "#graphql\n  query BulkOperation($id: ID!) {\n    bulkOperation(id: $id) {\n      id\n      status\n      errorCode\n      objectCount\n      rootObjectCount\n      url\n      partialDataUrl\n      completedAt\n    }\n  }\n": {return: BulkOperationQuery, variables: BulkOperationQueryVariables},
  "#graphql\n  query ShopDetails {\n    shop {\n      name\n      currencyCode\n      ianaTimezone\n    }\n  }\n": {return: ShopDetailsQuery, variables: ShopDetailsQueryVariables},
}

interface GeneratedMutationTypes {
  "#graphql\n  mutation BulkOperationRunQuery($query: String!) {\n    bulkOperationRunQuery(query: $query, groupObjects: false) {\n      bulkOperation {\n        id\n        status\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": {return: BulkOperationRunQueryMutation, variables: BulkOperationRunQueryMutationVariables},
  "#graphql\n  mutation CustomerTagsAdd($id: ID!, $tags: [String!]!) {\n    tagsAdd(id: $id, tags: $tags) {\n      userErrors {\n        field\n        message\n      }\n    }\n  }\n": {return: CustomerTagsAddMutation, variables: CustomerTagsAddMutationVariables},
  "#graphql\n  mutation CustomerTagsRemove($id: ID!, $tags: [String!]!) {\n    tagsRemove(id: $id, tags: $tags) {\n      userErrors {\n        field\n        message\n      }\n    }\n  }\n": {return: CustomerTagsRemoveMutation, variables: CustomerTagsRemoveMutationVariables},
}
declare module '@shopify/admin-api-client' {
  type InputMaybe<T> = AdminTypes.InputMaybe<T>;
  interface AdminQueries extends GeneratedQueryTypes {}
  interface AdminMutations extends GeneratedMutationTypes {}
}
