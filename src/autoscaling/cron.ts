// When a schedule runs: the cron syntax and the IANA time zones that a Kubernetes CronJob
// accepts, checked here so that a typo fails at `pulumi preview`, not in the API server.

interface CronField {
    name: string;
    min: number;
    max: number;
    names?: readonly string[];
}

const months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const weekdays = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

const cronFields: readonly CronField[] = [
    { name: "minute", min: 0, max: 59 },
    { name: "hour", min: 0, max: 23 },
    { name: "day of month", min: 1, max: 31 },
    { name: "month", min: 1, max: 12, names: months },
    { name: "day of week", min: 0, max: 6, names: weekdays },
];

/** The descriptors Kubernetes' cron parser knows, besides five fields. */
export const cronMacros: readonly string[] = ["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"];

function parseValue(field: CronField, text: string): number | string {
    if (/^\d+$/.test(text)) {
        const value = Number(text);
        return value >= field.min && value <= field.max ? value : `${field.name} ${value} is outside ${field.min}-${field.max}`;
    }
    const named = field.names?.indexOf(text.toLowerCase()) ?? -1;
    if (named >= 0) {
        return named + field.min;
    }
    return `${field.name} "${text}" is not a number${field.names ? " or a name such as " + field.names[0].toUpperCase() : ""}`;
}

/** Why one field is wrong, or undefined when it is right. */
function fieldProblem(field: CronField, text: string): string | undefined {
    for (const item of text.split(",")) {
        const [range, step, ...rest] = item.split("/");
        if (rest.length > 0 || range === "") {
            return `${field.name} "${item}" is not a value, range or step`;
        }
        if (step !== undefined && !/^\d+$/.test(step)) {
            return `${field.name} step "${step}" is not a number`;
        }
        if (step !== undefined && Number(step) < 1) {
            return `${field.name} step ${step} must be at least 1`;
        }
        if (range === "*" || range === "?") {
            continue;
        }
        const bounds = range.split("-");
        if (bounds.length > 2) {
            return `${field.name} range "${range}" has more than two ends`;
        }
        const values: number[] = [];
        for (const bound of bounds) {
            const value = parseValue(field, bound);
            if (typeof value === "string") {
                return value;
            }
            values.push(value);
        }
        if (values.length === 2 && values[0] > values[1]) {
            return `${field.name} range "${range}" runs backwards`;
        }
    }
    return undefined;
}

/**
 * Why a CronJob schedule is invalid, or undefined when Kubernetes accepts it: five fields
 * (minute hour day-of-month month day-of-week) with values, ranges, lists, steps and names, or
 * one of the `@daily`-style descriptors.
 */
export function cronProblem(schedule: string): string | undefined {
    const text = schedule.trim();
    if (text === "") {
        return "is empty";
    }
    if (/^(CRON_)?TZ=/.test(text)) {
        return "names a time zone; Kubernetes rejects TZ= in a schedule, set timeZone instead";
    }
    if (text.startsWith("@")) {
        return cronMacros.includes(text) ? undefined : `"${text}" is not one of ${cronMacros.join(", ")}`;
    }
    const parts = text.split(/\s+/);
    if (parts.length !== cronFields.length) {
        return `has ${parts.length} fields; it needs 5: minute hour day-of-month month day-of-week`;
    }
    for (let i = 0; i < parts.length; i++) {
        const problem = fieldProblem(cronFields[i], parts[i]);
        if (problem) {
            return problem;
        }
    }
    return undefined;
}

/**
 * Why a time zone name is not one a CronJob accepts, or undefined when it is. Kubernetes loads
 * zones by their exact IANA name (case-sensitive; no offsets such as "+01:00", no "Local").
 */
export function timeZoneProblem(timeZone: string): string | undefined {
    const rule = 'is not an IANA time zone name such as "Europe/Berlin" or "America/New_York"';
    if (timeZone === "" || /^[+-]/.test(timeZone) || /\s/.test(timeZone)) {
        return rule;
    }
    let resolved: string;
    try {
        resolved = new Intl.DateTimeFormat("en-US", { timeZone }).resolvedOptions().timeZone;
    } catch {
        return rule;
    }
    // Intl ignores case; the zoneinfo files Kubernetes reads do not.
    const sameButCase = [resolved, ...Intl.supportedValuesOf("timeZone")].find(
        (zone) => zone !== timeZone && zone.toLowerCase() === timeZone.toLowerCase(),
    );
    if (sameButCase !== undefined) {
        return `${rule}: names are case-sensitive; did you mean "${sameButCase}"?`;
    }
    return undefined;
}
