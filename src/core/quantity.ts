// Kubernetes resource quantities ("500m", "2Gi", "1e3", "0.5"), parsed exactly.
//
// Kubernetes compares quantities as exact decimals, so "0.5" == "500m" and "1Gi" == "1024Mi".
// Floating point would get such comparisons wrong at the edges, so a quantity is kept as an
// exact fraction of two bigints. The grammar is apimachinery's resource.Quantity grammar.

/** An exact, non-negative or negative rational value of a Kubernetes quantity. */
export interface Quantity {
    /** Numerator. */
    readonly num: bigint;
    /** Denominator, always positive. */
    readonly den: bigint;
}

const binarySuffixes: Record<string, bigint> = {
    Ki: 1n << 10n,
    Mi: 1n << 20n,
    Gi: 1n << 30n,
    Ti: 1n << 40n,
    Pi: 1n << 50n,
    Ei: 1n << 60n,
};

// Decimal SI suffixes as powers of ten.
const decimalSuffixes: Record<string, number> = {
    n: -9,
    u: -6,
    m: -3,
    "": 0,
    k: 3,
    M: 6,
    G: 9,
    T: 12,
    P: 15,
    E: 18,
};

// Each text has one way to match: `\d+\.?\d*` let a run of digits split between the two `\d`s
// n ways, so a long non-quantity took quadratic time to reject (seconds at 30,000 characters).
const quantityPattern = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(?:(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])|[eE]([+-]?\d+))?$/;

function gcd(a: bigint, b: bigint): bigint {
    a = a < 0n ? -a : a;
    b = b < 0n ? -b : b;
    while (b !== 0n) {
        [a, b] = [b, a % b];
    }
    return a;
}

function fraction(num: bigint, den: bigint): Quantity {
    if (den < 0n) {
        num = -num;
        den = -den;
    }
    const divisor = gcd(num, den) || 1n;
    return { num: num / divisor, den: den / divisor };
}

/**
 * Parses a Kubernetes quantity. Numbers are accepted as their decimal text, as the API server
 * accepts `cpu: 1` in YAML. Returns `undefined` for text that is not a quantity.
 */
export function parseQuantity(value: string | number): Quantity | undefined {
    // Anything else (undefined from an unset variable, null, objects from untyped callers) is not a quantity.
    const text = typeof value === "number" ? (Number.isFinite(value) ? String(value) : "") : typeof value === "string" ? value.trim() : "";
    const match = quantityPattern.exec(text);
    if (!match) {
        // String(1e21) is "1e+21", which the pattern accepts; anything else is not a quantity.
        return undefined;
    }
    const [, sign, digits, suffix, exponentText] = match;
    const [whole, decimals = ""] = digits.split(".");
    let num = BigInt((whole || "0") + decimals);
    let den = 10n ** BigInt(decimals.length);
    if (sign === "-") {
        num = -num;
    }
    let exponent = 0;
    if (suffix !== undefined && suffix in binarySuffixes) {
        num *= binarySuffixes[suffix];
    } else if (suffix !== undefined) {
        exponent = decimalSuffixes[suffix];
    } else if (exponentText !== undefined) {
        exponent = Number(exponentText);
        // Kubernetes caps quantities far below this; it keeps bigint sizes sane on hostile input.
        if (Math.abs(exponent) > 100) {
            return undefined;
        }
    }
    if (exponent > 0) {
        num *= 10n ** BigInt(exponent);
    } else if (exponent < 0) {
        den *= 10n ** BigInt(-exponent);
    }
    return fraction(num, den);
}

/** True when `value` is a valid Kubernetes quantity. */
export function isQuantity(value: string | number): boolean {
    return parseQuantity(value) !== undefined;
}

/** Compares two quantities exactly: negative when a < b, zero when equal, positive when a > b. */
export function compareQuantities(a: Quantity, b: Quantity): number {
    const left = a.num * b.den;
    const right = b.num * a.den;
    return left < right ? -1 : left > right ? 1 : 0;
}

/** Multiplies a quantity by a plain number such as a ratio (`2`, `1.5`). */
export function scaleQuantity(q: Quantity, factor: number): Quantity {
    const f = parseQuantity(factor);
    if (f === undefined) {
        throw new RangeError(`cannot scale a quantity by ${factor}`);
    }
    return fraction(q.num * f.num, q.den * f.den);
}

/** `a / b` as a floating-point number, for messages and thresholds. */
export function quantityRatio(a: Quantity, b: Quantity): number {
    return Number(a.num * b.den) / Number(b.num * a.den);
}

/** The quantity as a floating-point number (may round; use only for display). */
export function quantityToNumber(q: Quantity): number {
    return Number(q.num) / Number(q.den);
}

/**
 * Formats a quantity in Kubernetes' notation. `binary` prefers Ki/Mi/Gi… (for memory);
 * otherwise whole numbers print plainly and fractions as milli-units where exact ("500m").
 */
export function formatQuantity(q: Quantity, style: "binary" | "decimal" = "decimal"): string {
    if (q.den === 1n) {
        if (style === "binary" && q.num !== 0n) {
            for (const suffix of ["Ei", "Pi", "Ti", "Gi", "Mi", "Ki"]) {
                const unit = binarySuffixes[suffix];
                if (q.num % unit === 0n) {
                    return `${q.num / unit}${suffix}`;
                }
            }
        }
        return q.num.toString();
    }
    const milli = q.num * 1000n;
    if (milli % q.den === 0n) {
        return `${milli / q.den}m`;
    }
    const nano = q.num * 1000000000n;
    // Kubernetes rounds sub-nano precision up; do the same so a limit never shrinks below intent.
    const rounded = nano / q.den + (nano % q.den === 0n ? 0n : 1n);
    return `${rounded}n`;
}

/** Whether a quantity text is written with a binary suffix (Ki, Mi, …), to format results alike. */
export function isBinaryQuantityText(value: string | number): boolean {
    return typeof value === "string" && /(Ki|Mi|Gi|Ti|Pi|Ei)$/.test(value.trim());
}
