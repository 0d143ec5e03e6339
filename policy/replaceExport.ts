// Replacing one function that @pulumi/policy's server reads from a module's exports on every call
// (decodeOnce.ts, infoOnce.ts). The replacement is marked so a second install wraps nothing, and
// keeps the function it replaced for the tests. If the export is gone or cannot be written (the
// package's internals moved), nothing is replaced: a slower pack, never a broken one.

type Fn = (...args: never[]) => unknown;

/** The mark a replaced export carries, and the function it replaced. */
export interface Replaced<F extends Fn> {
    replacesExport: true;
    original: F;
}

/** Replaces `exports[name]` with `wrap(original)` once; true when this call replaced it. */
export function replaceExport<K extends string, F extends Fn>(exports: Partial<Record<K, F>>, name: K, wrap: (original: F) => F): boolean {
    const found: unknown = exports[name];
    if (typeof found !== "function" || (found as Partial<Replaced<F>>).replacesExport) {
        return false;
    }
    const original = found as F;
    const replacement: F & Replaced<F> = Object.assign(wrap(original), { replacesExport: true as const, original });
    try {
        exports[name] = replacement;
    } catch {
        return false; // a getter-only or frozen export: strict mode throws on the write
    }
    return exports[name] === replacement;
}
