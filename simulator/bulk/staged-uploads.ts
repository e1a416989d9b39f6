import { createHmac, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";

/**
 * Staged uploads of bulk mutation variables (shopify.dev "Bulk import data with the GraphQL Admin API"):
 * `stagedUploadsCreate` with resource BULK_MUTATION_VARIABLES and httpMethod POST answers a form-upload target
 * (a URL and the form fields to send, `key` among them), the app posts the JSONL there as multipart/form-data
 * with every field and the file last, and passes the `key` to `bulkOperationRunMutation` as `stagedUploadPath`.
 * Shopify's target is a cloud storage bucket that checks the signed policy; here it is the simulator's own
 * `/staged-uploads`, which checks it the same way, so an app that drops a field is refused as it would be.
 */
export interface StagedTarget {
  url: string;
  resourceUrl: string | null;
  parameters: { name: string; value: string }[];
}

/** An answer of the upload endpoint, in the storage service's XML. */
export interface UploadAnswer {
  status: number;
  body: string;
}

/** Shopify's limit for a bulk mutation's JSONL file since 2026-01 (the "Faster bulk operations" changelog). */
export const MAX_STAGED_UPLOAD_BYTES = 100 * 1024 * 1024;

const xmlError = (status: number, code: string, message: string): UploadAnswer => ({
  status,
  body: `<?xml version='1.0' encoding='UTF-8'?><Error><Code>${code}</Code><Message>${message}</Message></Error>`,
});

export const ENTITY_TOO_LARGE = xmlError(400, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed size");

export class StagedUploads {
  private readonly secret = randomBytes(32);
  /** Keys handed out, with the shop they were handed to and what was uploaded under them. */
  private readonly files = new Map<string, { shop: string; content: string | null }>();

  private readonly baseUrl: () => string;

  constructor(baseUrl: () => string) {
    this.baseUrl = baseUrl;
  }

  target(shop: string, filename: string, mimeType: string): StagedTarget {
    const key = `tmp/${shop}/bulk/${randomUUID()}/${filename}`;
    this.files.set(key, { shop, content: null });
    const policy = Buffer.from(JSON.stringify({ conditions: [{ key }, { "Content-Type": mimeType }, { success_action_status: "201" }] })).toString("base64");
    return {
      url: `${this.baseUrl()}/staged-uploads`,
      resourceUrl: null,
      parameters: [
        { name: "Content-Type", value: mimeType },
        { name: "success_action_status", value: "201" },
        { name: "acl", value: "private" },
        { name: "key", value: key },
        { name: "x-goog-algorithm", value: "GOOG4-HMAC-SHA256" },
        { name: "policy", value: policy },
        { name: "x-goog-signature", value: this.sign(policy) },
      ],
    };
  }

  /** A form posted to the target: its text fields and the file's content. */
  accept(fields: ReadonlyMap<string, string>, content: string | null): UploadAnswer {
    const key = fields.get("key");
    const policy = fields.get("policy");
    const signature = fields.get("x-goog-signature");
    if (!key || content === null) return xmlError(400, "InvalidArgument", "The form needs a key field and a file field.");
    if (!policy || !signature || !this.signatureMatches(policy, signature)) {
      return xmlError(403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided.");
    }
    const signedKey = (JSON.parse(Buffer.from(policy, "base64").toString("utf8")) as { conditions: Record<string, string>[] }).conditions.find(
      (c) => "key" in c,
    )?.key;
    const file = this.files.get(key);
    if (signedKey !== key || !file) return xmlError(403, "AccessDenied", "Invalid according to Policy: Policy Condition failed: key.");
    file.content = content;
    return { status: 201, body: `<?xml version='1.0' encoding='UTF-8'?><PostResponse><Key>${key}</Key></PostResponse>` };
  }

  /** What was uploaded under a key handed to that shop; null when nothing was. */
  read(shop: string, key: string): string | null {
    const file = this.files.get(key);
    return file && file.shop === shop ? file.content : null;
  }

  private sign(policy: string): string {
    return createHmac("sha256", this.secret).update(policy).digest("hex");
  }

  private signatureMatches(policy: string, signature: string): boolean {
    const expected = Buffer.from(this.sign(policy));
    const given = Buffer.from(signature);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
}
