// Structured logs: one JSON object a line on stdout, as log collectors expect.
export type Level = "debug" | "info" | "warn" | "error";

const order: Record<Level, number> = { debug: 0, info: 1, warn: 2, error: 3 };
let threshold: Level = (process.env.LOG_LEVEL as Level) in order ? (process.env.LOG_LEVEL as Level) : "info";

export function setLogLevel(level: Level): void {
    threshold = level;
}

export function log(level: Level, msg: string, fields: Record<string, unknown> = {}): void {
    if (order[level] < order[threshold]) {
        return;
    }
    const entry: Record<string, unknown> = { time: new Date().toISOString(), level, msg, ...fields };
    if (fields.error instanceof Error) {
        entry.error = fields.error.message;
    }
    process.stdout.write(JSON.stringify(entry) + "\n");
}
