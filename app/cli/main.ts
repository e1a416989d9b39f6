import { isUtf8 } from "node:buffer";
import { readFileSync, realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { assertJsonSourceTextAccess } from "../utils/json.ts";
import { backtest, MODEL_NAMES, scoreShop, ScoringInputError, type BacktestResult, type ModelName, type ModelSelection } from "../scoring/index.ts";
import { toJsonDocument, toReadableSummary } from "./output.ts";
import { printable } from "./printable.ts";
import { INPUT_FORMATS, InputFileError, readOrders, type InputFormat } from "./readers.ts";

export const USAGE = `Usage: cli score --input FILE --format cdnow|csv|shopify-orders-csv [options]

Scores every customer of an order export: RFM segment, P(alive), expected purchases and predicted CLV.

Options:
  --input FILE              the export to score
  --format FORMAT           cdnow: whitespace-separated "id [sample-id] YYYYMMDD quantity amount" lines
                            csv: a header with customer_id,date,amount (ISO date or datetime)
                            shopify-orders-csv: the orders export of Shopify admin
  --calibration-end DATE    score as of this day (YYYY-MM-DD); later orders form a holdout for a backtest
                            (default: the day of the latest order)
  --horizon-days N          horizon of expected purchases and CLV (default 365)
  --model NAME              auto | bgnbd | mbgnbd | pareto | mbgcnbd (default auto: each candidate is
                            backtested on the last weeks before the observation end and the best
                            one, the simpler one within noise, is refitted on the whole history)
  --current-model NAME      with auto: the model in use, kept unless another wins by a clear margin
  --discount-rate R         annual discount rate of the CLV (default 0.1)
  --margin-pct P            gross margin in percent, for profit CLV
  --json                    print one JSON object instead of a table

Times are in weeks for the cdnow format and in days otherwise.
`;

export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

class UsageError extends Error {}

function parseNumber(name: string, raw: string | undefined, check: (v: number) => boolean): number | undefined {
  if (raw === undefined) return undefined;
  const v = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(v) || !check(v)) throw new UsageError(`--${name} "${raw}" is not valid`);
  return v;
}

/**
 * Runs the command line and returns the exit code: 0 on success, 1 for a file that cannot be scored,
 * 2 for a usage error.
 */
export function main(argv: readonly string[], io: Io): number {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        input: { type: "string" },
        format: { type: "string" },
        "calibration-end": { type: "string" },
        "horizon-days": { type: "string" },
        model: { type: "string" },
        "current-model": { type: "string" },
        "discount-rate": { type: "string" },
        "margin-pct": { type: "string" },
        json: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    });
    if (values.help) {
      io.stdout(USAGE);
      return 0;
    }
    if (positionals.length !== 1 || positionals[0] !== "score") throw new UsageError(`expected the command "score"`);
    if (values.input === undefined) throw new UsageError("--input FILE is required");
    const format = values.format;
    if (format === undefined || !(INPUT_FORMATS as readonly string[]).includes(format)) {
      throw new UsageError(`--format must be one of ${INPUT_FORMATS.join(", ")}`);
    }
    const model = values.model ?? "auto";
    if (model !== "auto" && !(MODEL_NAMES as readonly string[]).includes(model)) {
      throw new UsageError(`--model must be auto or one of ${MODEL_NAMES.join(", ")}`);
    }
    const currentModel = values["current-model"];
    if (currentModel !== undefined && !(MODEL_NAMES as readonly string[]).includes(currentModel)) {
      throw new UsageError(`--current-model must be one of ${MODEL_NAMES.join(", ")}`);
    }
    const calibrationEnd = values["calibration-end"];
    if (calibrationEnd !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(calibrationEnd)) {
      throw new UsageError(`--calibration-end "${calibrationEnd}" is not a YYYY-MM-DD date`);
    }
    const horizonDays = parseNumber("horizon-days", values["horizon-days"], (v) => v > 0);
    const discountRate = parseNumber("discount-rate", values["discount-rate"], (v) => v > -1);
    const marginPct = parseNumber("margin-pct", values["margin-pct"], (v) => v >= 0 && v <= 100);

    let bytes: Buffer;
    try {
      bytes = readFileSync(values.input);
    } catch (error) {
      io.stderr(`error: cannot read ${printable(values.input)}: ${printable(error instanceof Error ? error.message : String(error))}\n`);
      return 1;
    }
    const text = textOf(bytes);

    const { orders, lastDate, notes } = readOrders(text, format as InputFormat);
    const timeUnit = format === "cdnow" ? "weeks" : "days";
    const observationEnd = calibrationEnd ?? lastDate;
    const scores = scoreShop(orders, {
      observationEnd,
      timeUnit,
      horizonDays,
      discountRate,
      marginPct,
      model: model as ModelSelection,
      currentModel: currentModel as ModelName | undefined,
    });
    if (scores.customers.length === 0) throw new ScoringInputError(`no customer has an order on or before ${observationEnd}`);
    let holdout: BacktestResult | null = null;
    if (calibrationEnd !== undefined && lastDate > calibrationEnd) {
      holdout = backtest(orders, { calibrationEnd, holdoutEnd: lastDate, timeUnit, model: scores.model.name });
    }
    for (const note of notes) io.stderr(`note: ${note}\n`);
    io.stdout(values.json ? `${JSON.stringify(toJsonDocument(scores, holdout))}\n` : toReadableSummary(scores, holdout));
    return 0;
  } catch (error) {
    if (error instanceof InputFileError || error instanceof ScoringInputError) {
      io.stderr(`error: ${printable(inputName(argv))}: ${printable(error.message)}\n`);
      return 1;
    }
    if (error instanceof UsageError || (error instanceof TypeError && "code" in error)) {
      io.stderr(`error: ${printable(error.message)}\n\n${USAGE}`);
      return 2;
    }
    throw error;
  }
}

/**
 * The file's text. An export is UTF-8 text: bytes that are not UTF-8, or a NUL (which no text holds), mean a binary
 * or otherwise encoded file, refused at the line they are on rather than read as replacement characters.
 */
function textOf(bytes: Buffer): string {
  const nul = bytes.indexOf(0);
  const text = bytes.toString("utf8");
  if (nul >= 0) throw new InputFileError(lineAt(bytes.toString("utf8", 0, nul)), "the file holds a NUL byte: it is not a text export");
  if (!isUtf8(bytes)) throw new InputFileError(lineAt(text.slice(0, text.indexOf("\uFFFD"))), "the file is not UTF-8 text (save the export as UTF-8)");
  return text;
}

const lineAt = (before: string) => before.split("\n").length;

function inputName(argv: readonly string[]): string {
  const i = argv.indexOf("--input");
  const inline = argv.find((a) => a.startsWith("--input="));
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1]! : inline !== undefined ? inline.slice("--input=".length) : "input";
}

const invokedDirectly = (() => {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
})();

if (invokedDirectly) {
  try {
    assertJsonSourceTextAccess();
  } catch (error) {
    process.stderr.write(`error: ${(error as Error).message}\n`);
    process.exit(1);
  }
  process.exitCode = main(process.argv.slice(2), {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
  });
}
