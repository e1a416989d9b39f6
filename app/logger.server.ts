import { pino, type DestinationStream, type LevelWithSilent } from "pino";

/**
 * Structured one-line JSON logs on pino; `child` adds fields such as {shop, topic, webhookId}.
 * Lines look like {"level":"warn","time":"2026-…Z","message":"…",…fields}; warn and error go to
 * stderr, debug and info to stdout. Keys that could carry a shopper's personal data (names,
 * emails, phones, addresses, IPs) are dropped from every line, whatever a caller passes: the app
 * holds protected customer data level 1 and logs none of it.
 */
type Fields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: Fields): void;
  info(message: string, fields?: Fields): void;
  warn(message: string, fields?: Fields): void;
  error(message: string, fields?: Fields): void;
  child(fields: Fields): Logger;
}

/** Keys (snake_case as in webhook payloads, camelCase as in GraphQL) whose values are personal data. */
export const PERSONAL_DATA_KEYS = [
  "email",
  "contact_email",
  "customer_email",
  "emailAddress",
  "phone",
  "phoneNumber",
  "sms_marketing_phone",
  "name",
  "first_name",
  "last_name",
  "firstName",
  "lastName",
  "displayName",
  "address",
  "address1",
  "address2",
  "addresses",
  "default_address",
  "defaultAddress",
  "billing_address",
  "billingAddress",
  "shipping_address",
  "shippingAddress",
  "zip",
  "browser_ip",
  "client_details",
] as const;

/** The keys at the top of a line and up to three objects deep (redaction paths name exact depths). */
const REDACT_PATHS = PERSONAL_DATA_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`, `*.*.*.${key}`]);

const LEVELS: readonly LevelWithSilent[] = ["trace", "debug", "info", "warn", "error", "fatal", "silent"];

function defaultLevel(): LevelWithSilent {
  const wanted = process.env.LOG_LEVEL?.toLowerCase();
  if (wanted && (LEVELS as readonly string[]).includes(wanted)) return wanted as LevelWithSilent;
  return process.env.NODE_ENV === "test" ? "warn" : "info";
}

/** debug and info to stdout, warn and error to stderr (each line to one stream only). */
function standardStreams(): DestinationStream {
  return pino.multistream(
    [
      { level: "trace", stream: process.stdout },
      { level: "warn", stream: process.stderr },
    ],
    { dedupe: true },
  );
}

function wrap(base: pino.Logger): Logger {
  return {
    debug: (message, fields) => base.debug(fields ?? {}, message),
    info: (message, fields) => base.info(fields ?? {}, message),
    warn: (message, fields) => base.warn(fields ?? {}, message),
    error: (message, fields) => base.error(fields ?? {}, message),
    child: (fields) => wrap(base.child(fields)),
  };
}

/** A logger writing to `destination` (by default stdout and stderr by level), at LOG_LEVEL unless `level` is given. */
export function createLogger(destination: DestinationStream = standardStreams(), options: { level?: LevelWithSilent } = {}): Logger {
  return wrap(
    pino(
      {
        level: options.level ?? defaultLevel(),
        base: undefined,
        messageKey: "message",
        timestamp: pino.stdTimeFunctions.isoTime,
        formatters: { level: (label) => ({ level: label }) },
        redact: { paths: REDACT_PATHS, remove: true },
      },
      destination,
    ),
  );
}

export const logger: Logger = createLogger();

/** An error's message, with its cause when there is one (undici puts the socket error there). */
export function errorMessage(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
  return `${error.message}${cause}`;
}
