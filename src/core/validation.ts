import * as pulumi from "@pulumi/pulumi";

/**
 * A component argument that breaks a rule. It extends `pulumi.RunError` so that `pulumi up`
 * prints the message alone, not a stack trace from inside the package.
 */
export class ValidationError extends pulumi.RunError {
    constructor(
        /** The component's class name and resource name, e.g. `Distribution "my-llamastack"`. */
        readonly component: string,
        /** Every problem found, each as `field: rule`. */
        readonly problems: string[],
    ) {
        super(
            problems.length === 1
                ? `${component}: ${problems[0]}`
                : `${component}: ${problems.length} problems:\n  - ${problems.join("\n  - ")}`,
        );
        this.name = "ValidationError";
    }
}

/** Collects the problems of one component's arguments, to report them all at once. */
export class Problems {
    private readonly found: string[] = [];

    constructor(private readonly component: string) {}

    /** Records a problem: `field` names the argument path, `rule` says what it must be. */
    add(field: string, rule: string): void {
        this.found.push(`${field} ${rule}`);
    }

    /** Records `field` unless `ok`. */
    check(ok: boolean, field: string, rule: string): void {
        if (!ok) {
            this.add(field, rule);
        }
    }

    get list(): readonly string[] {
        return this.found;
    }

    /** Throws a `ValidationError` when any problem was recorded. */
    throwIfAny(): void {
        if (this.found.length > 0) {
            throw new ValidationError(this.component, [...this.found]);
        }
    }
}

/**
 * Throws a `ValidationError` when the arguments are not an object or lack a required field, for
 * callers the type system does not reach (YAML programs, Python dicts, JavaScript): every later
 * check may then read the fields without a TypeError.
 */
export function requireArgs(className: string, name: string, args: unknown, required: readonly string[]): void {
    const component = componentLabel(className, name);
    if (args === null || typeof args !== "object" || Array.isArray(args)) {
        throw new ValidationError(component, [`arguments ${show(args)} must be an object${required.length > 0 ? ` with ${required.join(", ")}` : ""}`]);
    }
    const missing = required.filter((field) => (args as Record<string, unknown>)[field] === undefined || (args as Record<string, unknown>)[field] === null);
    if (missing.length > 0) {
        throw new ValidationError(component, missing.map((field) => `${field} is required`));
    }
}

/** `Distribution "my-llamastack"`: how errors name a component. */
export function componentLabel(className: string, name: string): string {
    return `${className} "${name}"`;
}

import { show } from "./format";
export { show };

/** True when a value holds no `Output` or promise at any depth, so it can be checked at once. */
export function isKnown(value: unknown): boolean {
    if (pulumi.Output.isInstance(value) || value instanceof Promise) {
        return false;
    }
    if (Array.isArray(value)) {
        return value.every(isKnown);
    }
    if (value !== null && typeof value === "object") {
        return Object.values(value).every(isKnown);
    }
    return true;
}

/**
 * The arguments with every `Output` and promise left out, and the paths whose problems cannot be
 * judged yet: an unknown top-level field's own path (`namespace`), or the object or list holding a
 * nested unknown (`resources.limits`, `tolerations`, `env`), whose other entries a rule may compare.
 */
export function knownPart(value: unknown): { known: unknown; undecided: string[] } {
    const undecided: string[] = [];
    const isPending = (v: unknown): boolean => pulumi.Output.isInstance(v) || v instanceof Promise;
    const visit = (v: unknown, at: string, parent: string): unknown => {
        if (isPending(v)) {
            undecided.push(parent === "" ? at : parent);
            return undefined;
        }
        if (Array.isArray(v)) {
            return v.map((item, i) => visit(item, `${at}[${i}]`, at));
        }
        if (v !== null && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype) {
            const copy: Record<string, unknown> = {};
            for (const [key, item] of Object.entries(v)) {
                const known = visit(item, at === "" ? key : `${at}.${key}`, at);
                if (!isPending(item)) {
                    copy[key] = known;
                }
            }
            return copy;
        }
        return v;
    };
    return { known: visit(value, "", ""), undecided };
}

// What may stand around a path named in a problem's text.
const beforePath = new Set([" ", "(", "\n", "\t"]);
const afterPath = new Set([" ", ".", "[", '"', ",", ":", ")", "\n"]);

/**
 * Whether a problem's text names `path` or a field under it (`resources.limits` in
 * `resources.limits.cpu "1" is below requests.cpu "2"`): such a problem may be an artefact of the
 * value not being known yet. Plain string scanning, no regular expression.
 */
export function mentionsPath(text: string, path: string): boolean {
    for (let at = text.indexOf(path); at !== -1; at = text.indexOf(path, at + 1)) {
        const end = at + path.length;
        if ((at === 0 || beforePath.has(text[at - 1])) && (end === text.length || afterPath.has(text[end]))) {
            return true;
        }
    }
    return false;
}

/**
 * The problems `validate` finds in the known part of arguments that are not all known (a preview
 * with unknowns, or values that resolve only at `up`), thrown at once: each field is checked as
 * soon as it is known. Problems that name an undecided path are left for the full check when
 * everything resolves, as are checks that cannot run on partial arguments.
 */
function checkKnownPart<T>(args: T, validate: (resolved: pulumi.Unwrap<T>) => void): void {
    const { known, undecided } = knownPart(args);
    try {
        validate(known as pulumi.Unwrap<T>);
    } catch (error) {
        if (!(error instanceof ValidationError)) {
            // A rule that needs the missing values; the full check runs when they resolve.
            return;
        }
        const decided = error.problems.filter((problem) => !undecided.some((path) => mentionsPath(problem, path)));
        if (decided.length > 0) {
            throw new ValidationError(error.component, decided);
        }
    }
}

/**
 * Validates arguments now when every value is known, or when they resolve otherwise, with the
 * same messages. Returns the resolved, validated arguments; resources built from the result
 * depend on the check, so nothing is created from input that fails it.
 */
export function validated<T>(args: T, validate: (resolved: pulumi.Unwrap<T>) => void): pulumi.Output<pulumi.Unwrap<T>> {
    if (isKnown(args)) {
        validate(args as pulumi.Unwrap<T>);
        // Checked already: no second check, no apply to schedule.
        return pulumi.output(args) as pulumi.Output<pulumi.Unwrap<T>>;
    }
    // What is known already is checked now, so a preview with unknowns still catches it.
    checkKnownPart(args, validate);
    return pulumi.output(args).apply((resolved) => {
        validate(resolved as pulumi.Unwrap<T>);
        return resolved as pulumi.Unwrap<T>;
    });
}

/** Arguments that have passed their component's check; children's inputs are built from them. */
export interface CheckedArgs<T> {
    /**
     * `build` applied to the checked arguments: at once, as a plain value, when every argument is
     * known; else an Output, when they resolve. A plain value costs the engine far less than an
     * Output (no promise chain to serialize), which matters for fleets of hundreds of components
     * (BENCHMARKS.md).
     */
    build<U>(build: (resolved: pulumi.Unwrap<T>) => U): pulumi.Input<U>;
}

/**
 * Like `validated`, for components that only build their children's inputs from the arguments:
 * when every argument is known, they are checked now and no Output is made at all (each Output is
 * a handful of promises and closures, per component, for the whole program).
 */
export function checkedArgs<T>(args: T, validate: (resolved: pulumi.Unwrap<T>) => void): CheckedArgs<T> {
    if (isKnown(args)) {
        validate(args as pulumi.Unwrap<T>);
        const known = args as pulumi.Unwrap<T>;
        return { build: (build) => build(known) };
    }
    const resolved = validated(args, validate);
    return { build: (build) => resolved.apply(build) };
}

/** True for a whole number from `min` to `max`, as Kubernetes' integer fields take. */
export function isWholeNumber(value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): boolean {
    return typeof value === "number" && Number.isInteger(value) && value >= min && value <= max;
}
