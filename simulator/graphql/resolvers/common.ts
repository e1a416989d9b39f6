import { GraphQLError, type GraphQLResolveInfo } from "graphql";
import { isoUtc } from "../../clock.ts";
import { formatDecimal } from "../../money.ts";
import { hasScope, type ResolverContext } from "../context.ts";
import type { ProtectedCustomerField } from "../../store/protected-customer-fields.ts";
import { accessDenied, protectedFieldDenied } from "../errors.ts";

export type Args = Record<string, unknown>;
export type FieldResolver<S> = (source: S, args: Args, ctx: ResolverContext, info: GraphQLResolveInfo) => unknown;
export type FieldResolvers<S> = Record<string, FieldResolver<S>>;

/** Resolver maps are keyed by GraphQL type name; each map knows the source shape of its type. */
export function resolversFor<S>(map: FieldResolvers<S>): FieldResolvers<unknown> {
  return map as unknown as FieldResolvers<unknown>;
}

export interface MoneyV2 {
  amount: string;
  currencyCode: string;
}

export function money(minor: number, currencyCode: string): MoneyV2 {
  return { amount: formatDecimal(minor, currencyCode), currencyCode };
}

export function moneyBag(shopMinor: number, shopCurrency: string, presentmentMinor: number, presentmentCurrency: string) {
  return { shopMoney: money(shopMinor, shopCurrency), presentmentMoney: money(presentmentMinor, presentmentCurrency) };
}

export function dateTime(date: Date | null): string | null {
  return date ? isoUtc(date) : null;
}

/** `UnsignedInt64` is serialised as a string. */
export function unsignedInt64(value: number): string {
  return String(value);
}

export function requireScope(ctx: ResolverContext, scope: string, info: GraphQLResolveInfo): void {
  if (!hasScope(ctx, scope)) throw accessDenied(info.fieldName, scope);
}

/** Level 2 protected customer data: the field answers null with ACCESS_DENIED unless the shop granted it to the app. */
export function requireProtectedField(ctx: ResolverContext, field: ProtectedCustomerField, info: GraphQLResolveInfo): void {
  if (!ctx.shop.grants(field)) throw protectedFieldDenied(info.fieldName, ctx.shop.appNamespace.replace(/^app--/, ""));
}

/** A resolver that first checks the grant of `field`. */
export function protectedBy<S>(field: ProtectedCustomerField, resolve: FieldResolver<S>): FieldResolver<S> {
  return (source, args, ctx, info) => {
    requireProtectedField(ctx, field, info);
    return resolve(source, args, ctx, info);
  };
}

export function stringArg(args: Args, name: string): string | null {
  const value = args[name];
  return typeof value === "string" ? value : null;
}

export function intArg(args: Args, name: string): number | null {
  const value = args[name];
  return typeof value === "number" ? value : null;
}

export function boolArg(args: Args, name: string): boolean | null {
  const value = args[name];
  return typeof value === "boolean" ? value : null;
}

export function unsupported(message: string): GraphQLError {
  return new GraphQLError(`${message} is not implemented by the store simulator`, { extensions: { code: "NOT_IMPLEMENTED" } });
}

/** `$app` and `$app:sub` name the calling app's reserved namespace (`app--<id>`, `app--<id>--sub`). */
export function resolveNamespace(namespace: string | null | undefined, appNamespace: string): string {
  if (namespace === null || namespace === undefined || namespace === "$app") return appNamespace;
  if (namespace.startsWith("$app:")) return `${appNamespace}--${namespace.slice("$app:".length)}`;
  return namespace;
}

export function fieldPath(info: GraphQLResolveInfo): (string | number)[] {
  const path: (string | number)[] = [];
  for (let p: GraphQLResolveInfo["path"] | undefined = info.path; p; p = p.prev) path.unshift(p.key);
  return path;
}
