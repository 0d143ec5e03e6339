import { strict as assert } from "assert";
import {
    boundsSplitProblem,
    isPercent,
    splitProblem,
    splitReplicaBounds,
    splitReplicas,
} from "../../../src/rollout/canarySplit";
import { routeWeights } from "../../../src/rollout/canaryRoute";

const totals = Array.from({ length: 51 }, (_, i) => i);
const percents = Array.from({ length: 101 }, (_, i) => i);

describe("canary replica split", () => {
    it("gives the guide's 9 + 1 from 10 replicas at 10%", () => {
        assert.deepEqual(splitReplicas(10, 10), { stable: 9, canary: 1 });
    });

    it("aborts with 0% and promotes with 100%, for every total", () => {
        for (const total of totals) {
            assert.deepEqual(splitReplicas(total, 0), { stable: total, canary: 0 }, `total ${total} at 0%`);
            assert.deepEqual(splitReplicas(total, 100), { stable: 0, canary: total }, `total ${total} at 100%`);
        }
    });

    it("rounds to the nearest replica, halves toward the canary", () => {
        assert.deepEqual(splitReplicas(5, 10), { stable: 4, canary: 1 }); // 0.5 → 1
        assert.deepEqual(splitReplicas(15, 10), { stable: 13, canary: 2 }); // 1.5 → 2
        assert.deepEqual(splitReplicas(3, 50), { stable: 1, canary: 2 }); // 1.5 → 2
        assert.deepEqual(splitReplicas(14, 10), { stable: 13, canary: 1 }); // 1.4 → 1
        assert.deepEqual(splitReplicas(16, 10), { stable: 14, canary: 2 }); // 1.6 → 2
        assert.deepEqual(splitReplicas(10, 25), { stable: 7, canary: 3 }); // 2.5 → 3
        assert.deepEqual(splitReplicas(8, 12.5), { stable: 7, canary: 1 }); // fractional percent, 1.0
        assert.deepEqual(splitReplicas(4, 12.5), { stable: 3, canary: 1 }); // 0.5 → 1
    });

    it("keeps at least one canary above 0% and one stable below 100% when the total allows", () => {
        assert.deepEqual(splitReplicas(20, 1), { stable: 19, canary: 1 }); // 0.2 would round to 0
        assert.deepEqual(splitReplicas(2, 1), { stable: 1, canary: 1 });
        assert.deepEqual(splitReplicas(2, 99), { stable: 1, canary: 1 }); // 1.98 would round to 2
        assert.deepEqual(splitReplicas(10, 99), { stable: 1, canary: 9 }); // 9.9 would round to 10
        assert.deepEqual(splitReplicas(3, 10), { stable: 2, canary: 1 });
    });

    it("splits small totals as documented", () => {
        assert.deepEqual(splitReplicas(0, 10), { stable: 0, canary: 0 });
        assert.deepEqual(splitReplicas(0, 50), { stable: 0, canary: 0 });
        assert.deepEqual(splitReplicas(1, 10), { stable: 0, canary: 1 });
        assert.deepEqual(splitReplicas(1, 0), { stable: 1, canary: 0 });
        assert.deepEqual(splitReplicas(1, 100), { stable: 0, canary: 1 });
        assert.deepEqual(splitReplicas(2, 50), { stable: 1, canary: 1 });
    });

    it("holds its rules for every total 0..50 and whole percent 0..100", () => {
        for (const total of totals) {
            let previousCanary = 0;
            for (const percent of percents) {
                const { stable, canary } = splitReplicas(total, percent);
                const at = `total ${total} at ${percent}%`;
                assert.ok(Number.isInteger(stable) && Number.isInteger(canary) && stable >= 0 && canary >= 0, at);
                assert.equal(stable + canary, total, at);
                const exact = (total * percent) / 100;
                const nearest = Math.floor(exact + 0.5);
                if (percent === 0 || total === 0) {
                    assert.equal(canary, 0, at);
                } else if (percent === 100) {
                    assert.equal(stable, 0, at);
                } else {
                    assert.ok(canary >= 1, `${at}: a canary above 0% runs`);
                    if (total >= 2) {
                        assert.ok(stable >= 1, `${at}: stable keeps a replica below 100%`);
                        assert.equal(canary, Math.min(total - 1, Math.max(1, nearest)), `${at}: nearest, clamped`);
                    }
                    // Off the exact share by at most half a replica, unless a track's minimum of 1 forced it.
                    if (canary !== 1 && stable !== 1) {
                        assert.ok(Math.abs(canary - exact) <= 0.5, `${at}: ${canary} is within 0.5 of ${exact}`);
                    }
                }
                assert.ok(canary >= previousCanary, `${at}: the canary never shrinks as the percentage grows`);
                previousCanary = canary;
                // Stable is 0 only when promoted, when nothing runs, or for the one total that cannot split.
                if (stable === 0) {
                    assert.ok(percent === 100 || total === 0 || total === 1, `${at}: stable 0`);
                }
            }
        }
    });

    it("grows both tracks, never shrinks them, as the total grows", () => {
        for (const percent of percents) {
            for (let total = 1; total <= 50; total++) {
                const smaller = splitReplicas(total - 1, percent);
                const larger = splitReplicas(total, percent);
                assert.ok(larger.canary >= smaller.canary && larger.stable >= smaller.stable, `total ${total - 1} → ${total} at ${percent}%`);
            }
        }
    });

    it("reports the one split that leaves stable empty below 100%, and no other", () => {
        for (const total of totals) {
            for (const percent of percents) {
                const problem = splitProblem(total, percent);
                const { stable } = splitReplicas(total, percent);
                const bad = stable === 0 && total > 0 && percent < 100;
                assert.equal(problem !== undefined, bad, `total ${total} at ${percent}%`);
            }
        }
        assert.equal(
            splitProblem(1, 10),
            "would leave the stable track with 0 replicas while the canary is below 100%; give at least 2 replicas, or set canaryPercent to 100 to promote the canary",
        );
    });

    it("rejects totals and percentages outside the domain", () => {
        assert.throws(() => splitReplicas(-1, 10), /total -1 must be a whole number greater than or equal to 0/);
        assert.throws(() => splitReplicas(2.5, 10), /total 2.5 must be/);
        assert.throws(() => splitReplicas(10, -1), /percent -1 must be a number from 0 to 100/);
        assert.throws(() => splitReplicas(10, 100.5), /percent 100.5 must be a number from 0 to 100/);
        assert.throws(() => splitReplicas(10, NaN), /percent NaN must be/);
        assert.equal(isPercent(0), true);
        assert.equal(isPercent(100), true);
        assert.equal(isPercent(12.5), true);
        assert.equal(isPercent(101), false);
        assert.equal(isPercent("10"), false);
        assert.equal(splitProblem(1, 150), undefined, "out-of-range input is reported by its own rule");
    });
});

describe("canary autoscaling bounds split", () => {
    it("splits minimum and maximum alike: 2..10 at 10% → stable 1..9, canary 1..1", () => {
        assert.deepEqual(splitReplicaBounds(2, 10, 10), {
            stable: { minReplicas: 1, maxReplicas: 9 },
            canary: { minReplicas: 1, maxReplicas: 1 },
        });
        assert.deepEqual(splitReplicaBounds(4, 20, 25), {
            stable: { minReplicas: 3, maxReplicas: 15 },
            canary: { minReplicas: 1, maxReplicas: 5 },
        });
    });

    it("keeps min <= max for each track and sums to the rollout's bounds, for every pair up to 30", () => {
        for (let max = 0; max <= 30; max++) {
            for (let min = 0; min <= max; min++) {
                for (const percent of percents) {
                    const split = splitReplicaBounds(min, max, percent);
                    const at = `${min}..${max} at ${percent}%`;
                    assert.ok(split.stable.minReplicas <= split.stable.maxReplicas, `${at}: stable`);
                    assert.ok(split.canary.minReplicas <= split.canary.maxReplicas, `${at}: canary`);
                    assert.equal(split.stable.minReplicas + split.canary.minReplicas, min, at);
                    assert.equal(split.stable.maxReplicas + split.canary.maxReplicas, max, at);
                }
            }
        }
    });

    it("asks for a minimum of 2 between 0% and 100%, since an autoscaler needs minReplicas >= 1", () => {
        assert.equal(
            boundsSplitProblem(1, 10, 10),
            "leaves a track with minReplicas 0 at canaryPercent 10 (stable 0, canary 1); a HorizontalPodAutoscaler needs at least 1, so give minReplicas at least 2",
        );
        assert.equal(boundsSplitProblem(2, 10, 10), undefined);
        assert.equal(boundsSplitProblem(1, 10, 0), undefined);
        assert.equal(boundsSplitProblem(1, 10, 100), undefined);
        assert.equal(boundsSplitProblem(0, 10, 100), "must be at least 1 for a HorizontalPodAutoscaler");
        for (let min = 2; min <= 30; min++) {
            for (const percent of percents) {
                assert.equal(boundsSplitProblem(min, 30, percent), undefined, `${min}..30 at ${percent}%`);
            }
        }
        assert.throws(() => splitReplicaBounds(5, 4, 10), /minReplicas 5 must not exceed maxReplicas 4/);
    });
});

describe("canary route weights", () => {
    it("weights the tracks exactly by the percentage, out of 10000", () => {
        assert.deepEqual(routeWeights(10), { stable: 9000, canary: 1000 });
        assert.deepEqual(routeWeights(0), { stable: 10000, canary: 0 });
        assert.deepEqual(routeWeights(100), { stable: 0, canary: 10000 });
        assert.deepEqual(routeWeights(12.5), { stable: 8750, canary: 1250 });
        for (const percent of percents) {
            const weights = routeWeights(percent);
            assert.equal(weights.stable + weights.canary, 10000);
            assert.equal(weights.canary, percent * 100);
        }
        assert.throws(() => routeWeights(101), /canaryPercent 101 must be a number from 0 to 100/);
    });
});
