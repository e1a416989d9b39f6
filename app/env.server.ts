import { z } from "zod";
import { parseKey } from "./session-storage/token-cipher.server.ts";

const GENERATE_KEY = "generate one with `openssl rand -base64 32`";
const tokenKey = z
  .string({ required_error: `required: the key that encrypts Shopify tokens at rest, 32 bytes in base64; ${GENERATE_KEY}` })
  .refine((text) => parseKey(text) !== null, `must be 32 bytes in base64 (44 characters); ${GENERATE_KEY}`);

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  SHOPIFY_API_KEY: z.string().min(1),
  SHOPIFY_API_SECRET: z.string().min(1),
  SHOPIFY_APP_URL: z.string().url(),
  SCOPES: z.string().min(1),
  DATABASE_URL: z.string().regex(/^(file:|postgres(ql)?:\/\/)/, 'must start with "file:" (SQLite) or "postgresql://" (PostgreSQL)'),
  SHOP_CUSTOM_DOMAIN: z.string().optional(),
  // Which processes run the background jobs: the web processes ("web"), or only `npm run worker` ("worker").
  JOBS_RUN_IN: z.enum(["web", "worker"]).default("web"),
  // Where the embedded pages load App Bridge from; Shopify's CDN unless set.
  APP_BRIDGE_URL: z.string().url().optional(),
  // Encrypts the Shopify access and refresh tokens in the Session table (docs/decisions/0011-token-encryption-at-rest.md).
  TOKEN_ENCRYPTION_KEY: tokenKey,
  // Keys that were TOKEN_ENCRYPTION_KEY before a rotation, comma-separated: they still decrypt, and encrypt nothing.
  TOKEN_ENCRYPTION_KEYS_OLD: z
    .string()
    .optional()
    .transform((list) =>
      (list ?? "")
        .split(",")
        .map((key) => key.trim())
        .filter(Boolean),
    )
    .refine((keys) => keys.every((key) => parseKey(key) !== null), `each key must be 32 bytes in base64 (44 characters), comma-separated`),
});

export type Env = z.infer<typeof EnvSchema>;

let cached: Env | undefined;

/** The validated server environment. Reads process.env once; a bad value stops the process with every field's error. */
export function env(): Env {
  if (cached) return cached;
  const parsed = EnvSchema.safeParse(process.env);
  if (!parsed.success) {
    const problems = Object.entries(parsed.error.flatten().fieldErrors)
      .map(([field, errors]) => `  ${field}: ${(errors ?? []).join(", ")}`)
      .join("\n");
    throw new Error(`Invalid environment variables:\n${problems}`);
  }
  cached = parsed.data;
  return cached;
}
