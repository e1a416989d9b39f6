import { randomUUID } from "node:crypto";
import http from "node:http";
import https from "node:https";
import { webhookHmac } from "./hmac.ts";
import { RETRY_COUNT, retryDelayMs } from "./retry-schedule.ts";
import { subscriptionUrl, type WebhookSubscription } from "./subscriptions.ts";
import { seededRandom } from "../random.ts";

export interface DeliveryAttempt {
  startedAt: Date;
  /** HTTP status of the app's answer; null when there was none (timeout, connection error). */
  status: number | null;
  error: string | null;
  durationMs: number;
}

/**
 * - `held`: parked by `hold` mode until `releaseHeld`
 * - `queued`: waiting for its next attempt
 * - `in_flight`: an attempt is under way
 * - `retry_scheduled`: the last attempt failed; another follows after the backoff delay
 * - `delivered`: the app answered 2xx
 * - `failed`: no attempt succeeded (retries exhausted, or a forged delivery that is never retried)
 */
export type DeliveryStatus = "held" | "queued" | "in_flight" | "retry_scheduled" | "delivered" | "failed";

export interface DeliveryRecord {
  webhookId: string;
  eventId: string;
  topic: string;
  shop: string;
  url: string;
  apiVersion: string;
  triggeredAt: string;
  /** The payload as sent. Released (set to "") once 2,000 newer deliveries have finished, to bound memory. */
  body: string;
  /** `invalid`: signed with the wrong secret on purpose (`badSignature` mode); such copies are not retried. */
  signature: "valid" | "invalid";
  /** A second copy of a delivery, with the same webhook id (`duplicates` mode). */
  duplicate: boolean;
  attempts: DeliveryAttempt[];
  status: DeliveryStatus;
}

export interface WebhookMode {
  /** `true` sends every new delivery twice with the same webhook id; a number n sends n extra copies. */
  duplicates?: boolean | number;
  /** Park new deliveries until `releaseHeld`. */
  hold?: boolean;
  /** Precede every new delivery with a copy signed with the wrong secret (same webhook id). */
  badSignature?: boolean;
}

export type ReleaseOrder = "fifo" | "reverse" | { shuffleSeed: number };

const FINISHED_BODIES_KEPT = 2000;

export interface WebhookEvent {
  shop: string;
  topic: string;
  eventId: string;
  triggeredAt: Date;
  payload: () => unknown;
}

export interface WebhookDispatcherOptions {
  appUrl: string;
  apiSecret: string;
  apiVersion: string;
  subscriptions: WebhookSubscription[];
  retryDelayScale: number;
  timeoutMs: number;
  maxConcurrentDeliveries?: number;
}

export function orderForRelease<T>(items: readonly T[], order: ReleaseOrder): T[] {
  const copy = [...items];
  if (order === "fifo") return copy;
  if (order === "reverse") return copy.reverse();
  const random = seededRandom(order.shuffleSeed);
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

/**
 * Delivers webhooks to the app the way Shopify does: one POST per subscription, signed, retried on non-2xx or
 * timeout with Shopify's backoff (scaled by `retryDelayScale`), each retry with the original body and webhook id.
 */
export class WebhookDispatcher {
  private readonly log: DeliveryRecord[] = [];
  private readonly held: DeliveryRecord[] = [];
  private readonly ready: DeliveryRecord[] = [];
  private readonly finishedWithBody: DeliveryRecord[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly waiters: (() => void)[] = [];
  private readonly httpAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  private readonly httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 64 });
  private mode: WebhookMode = {};
  private active = 0;
  private outstanding = 0;
  private closed = false;

  private readonly options: WebhookDispatcherOptions;

  constructor(options: WebhookDispatcherOptions) {
    this.options = options;
  }

  hasSubscribers(topic: string): boolean {
    return this.options.subscriptions.some((s) => s.topic === topic);
  }

  setMode(mode: WebhookMode): void {
    this.mode = { ...mode };
  }

  /** Creates the deliveries for one event (one per matching subscription) and starts sending them. */
  trigger(event: WebhookEvent): DeliveryRecord[] {
    const subscriptions = this.options.subscriptions.filter((s) => s.topic === event.topic);
    if (subscriptions.length === 0 || this.closed) return [];
    const body = JSON.stringify(event.payload());
    const created: DeliveryRecord[] = [];
    const copies = this.mode.duplicates === true ? 1 : typeof this.mode.duplicates === "number" ? this.mode.duplicates : 0;
    for (const subscription of subscriptions) {
      const base: Omit<DeliveryRecord, "signature" | "duplicate" | "attempts" | "status"> = {
        webhookId: randomUUID(),
        eventId: event.eventId,
        topic: event.topic,
        shop: event.shop,
        url: subscriptionUrl(this.options.appUrl, subscription.uri),
        apiVersion: this.options.apiVersion,
        triggeredAt: event.triggeredAt.toISOString(),
        body,
      };
      const status: DeliveryStatus = this.mode.hold ? "held" : "queued";
      if (this.mode.badSignature) created.push({ ...base, signature: "invalid", duplicate: false, attempts: [], status });
      created.push({ ...base, signature: "valid", duplicate: false, attempts: [], status });
      for (let i = 0; i < copies; i++) created.push({ ...base, signature: "valid", duplicate: true, attempts: [], status });
    }
    for (const record of created) {
      this.log.push(record);
      if (record.status === "held") {
        this.held.push(record);
      } else {
        this.outstanding++;
        this.ready.push(record);
      }
    }
    this.pump();
    return created;
  }

  /** Sends the held deliveries one after another in the given order; retries then follow their own schedule. */
  releaseHeld(order: ReleaseOrder = "fifo"): void {
    const batch = orderForRelease(this.held.splice(0), order);
    if (batch.length === 0) return;
    for (const record of batch) record.status = "queued";
    this.outstanding += batch.length;
    void batch.reduce<Promise<void>>(async (previous, record) => {
      await previous;
      if (!this.closed) await this.attempt(record);
    }, Promise.resolve());
  }

  /** Counts `work` (for example a running bulk operation that will fire a webhook) until it settles. */
  track(work: Promise<unknown>): void {
    this.outstanding++;
    void work.then(
      () => this.finishOne(),
      () => this.finishOne(),
    );
  }

  /** Resolves once nothing is queued, in flight or waiting for a retry. Held deliveries do not count. */
  settled(): Promise<void> {
    if (this.outstanding === 0 || this.closed) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  deliveries(): DeliveryRecord[] {
    return this.log.map((record) => ({ ...record, attempts: record.attempts.map((a) => ({ ...a })) }));
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
    this.outstanding = 0;
    for (const resolve of this.waiters.splice(0)) resolve();
  }

  private finish(record: DeliveryRecord, status: "delivered" | "failed"): void {
    record.status = status;
    this.finishedWithBody.push(record);
    if (this.finishedWithBody.length > FINISHED_BODIES_KEPT) {
      const oldest = this.finishedWithBody.shift();
      if (oldest) oldest.body = "";
    }
    this.finishOne();
  }

  private finishOne(): void {
    this.outstanding = Math.max(0, this.outstanding - 1);
    if (this.outstanding === 0) for (const resolve of this.waiters.splice(0)) resolve();
  }

  private pump(): void {
    const limit = this.options.maxConcurrentDeliveries ?? 32;
    while (!this.closed && this.active < limit && this.ready.length > 0) {
      const record = this.ready.shift() as DeliveryRecord;
      this.active++;
      void this.attempt(record).finally(() => {
        this.active--;
        this.pump();
      });
    }
  }

  private async attempt(record: DeliveryRecord): Promise<void> {
    record.status = "in_flight";
    const startedAt = new Date();
    const started = performance.now();
    const { status, error } = await this.post(record);
    if (this.closed) return;
    record.attempts.push({ startedAt, status, error, durationMs: Math.round(performance.now() - started) });
    if (status !== null && status >= 200 && status < 300) {
      this.finish(record, "delivered");
      return;
    }
    const retriesMade = record.attempts.length - 1;
    if (record.signature === "invalid" || retriesMade >= RETRY_COUNT) {
      this.finish(record, "failed");
      return;
    }
    record.status = "retry_scheduled";
    const timer = setTimeout(
      () => {
        this.timers.delete(timer);
        record.status = "queued";
        this.ready.push(record);
        this.pump();
      },
      retryDelayMs(retriesMade + 1, this.options.retryDelayScale),
    );
    this.timers.add(timer);
  }

  private post(record: DeliveryRecord): Promise<{ status: number | null; error: string | null }> {
    const secret = record.signature === "valid" ? this.options.apiSecret : `${this.options.apiSecret}-forged`;
    const url = new URL(record.url);
    const secure = url.protocol === "https:";
    const headers = {
      "Content-Type": "application/json",
      "Content-Length": String(Buffer.byteLength(record.body)),
      "User-Agent": "Shopify-Captain-Hook",
      Accept: "*/*",
      "X-Shopify-Topic": record.topic,
      "X-Shopify-Hmac-Sha256": webhookHmac(record.body, secret),
      "X-Shopify-Shop-Domain": record.shop,
      "X-Shopify-API-Version": record.apiVersion,
      "X-Shopify-Webhook-Id": record.webhookId,
      "X-Shopify-Event-Id": record.eventId,
      "X-Shopify-Triggered-At": record.triggeredAt,
    };
    return new Promise((resolve) => {
      let settled = false;
      const finish = (status: number | null, error: string | null) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({ status, error });
      };
      const request = (secure ? https : http).request(url, { method: "POST", headers, agent: secure ? this.httpsAgent : this.httpAgent }, (response) => {
        response.on("error", (e) => finish(null, e.message));
        response.on("end", () => finish(response.statusCode ?? null, null));
        response.resume();
      });
      const timer = setTimeout(() => {
        finish(null, `timeout after ${this.options.timeoutMs} ms`);
        request.destroy();
      }, this.options.timeoutMs);
      request.on("error", (e) => finish(null, e.message));
      request.end(record.body);
    });
  }
}
