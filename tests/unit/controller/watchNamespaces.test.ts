// The controller's namespaced mode (WATCH_NAMESPACES): which names it takes, and that it then lists
// and watches each served namespace's collections only, waits for all of them and resyncs all.
import { strict as assert } from "assert";
import { Controller } from "../../../controller/controller";
import { setLogLevel } from "../../../controller/log";
import { Distribution } from "../../../controller/types";
import { deploymentCollections, distributionCollections, parseWatchNamespaces } from "../../../controller/watchNamespaces";
import { flush } from "../fakeClock";
import { Call, fakeClient } from "../fakeKube";

function distribution(namespace: string, name: string): Distribution {
    return { metadata: { name, namespace, uid: `uid-${namespace}-${name}`, generation: 1, resourceVersion: "1" }, spec: { image: "llamastack/llamastack:0.2.0", replicas: 1 } };
}

/** A controller over a stand-in API server whose lists answer when `release(path)` is called; watches stay open. */
function controllerWithLists(namespaces: string[] | undefined, items: (path: string) => unknown[]) {
    const pending = new Map<string, () => void>();
    const watched: string[] = [];
    const { client, calls } = fakeClient(() => ({}));
    Object.assign(client, {
        request: async (method: string, path: string) => {
            calls.push({ method, path } as Call);
            const collection = path.split("?")[0];
            await new Promise<void>((resolve) => pending.set(collection, resolve));
            return { items: items(collection), metadata: { resourceVersion: "1" } };
        },
        watch: (path: string, _onEvent: unknown, signal: AbortSignal) => {
            watched.push(path.split("?")[0]);
            return new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve()));
        },
    });
    const controller = new Controller(client, { namespaces });
    const release = async (collection: string) => {
        while (!pending.has(collection)) {
            await flush();
        }
        pending.get(collection)!();
        pending.delete(collection);
        await flush();
    };
    return { controller, calls, watched, release };
}

describe("controller WATCH_NAMESPACES", () => {
    before(() => setLogLevel("error"));
    after(() => setLogLevel("info"));

    it("takes comma-separated namespace names, ignoring empty items and repeats", () => {
        assert.equal(parseWatchNamespaces(undefined), undefined);
        assert.equal(parseWatchNamespaces(""), undefined);
        assert.equal(parseWatchNamespaces(" , ,"), undefined);
        assert.deepEqual(parseWatchNamespaces("team-a"), ["team-a"]);
        assert.deepEqual(parseWatchNamespaces(" team-a, ,team-b,team-a,"), ["team-a", "team-b"]);
    });

    it("refuses names no namespace can have, naming each", () => {
        assert.throws(() => parseWatchNamespaces("team-a,Team-B"), /^Error: WATCH_NAMESPACES: "Team-B" is not a namespace name \(DNS-1123 labels\)$/);
        assert.throws(() => parseWatchNamespaces("a/b,-x,ok"), /"a\/b", "-x" are not namespace names/);
        assert.throws(() => parseWatchNamespaces("x".repeat(64)), /is not a namespace name/);
    });

    it("lists and watches the whole cluster without namespaces, each served namespace with them", () => {
        assert.deepEqual(distributionCollections(undefined), ["/apis/llamastack.io/v1alpha1/llamastackdistributions"]);
        assert.deepEqual(deploymentCollections(undefined), ["/apis/apps/v1/deployments"]);
        assert.deepEqual(distributionCollections(["a", "b"]), [
            "/apis/llamastack.io/v1alpha1/namespaces/a/llamastackdistributions",
            "/apis/llamastack.io/v1alpha1/namespaces/b/llamastackdistributions",
        ]);
        assert.deepEqual(deploymentCollections(["a", "b"]), ["/apis/apps/v1/namespaces/a/deployments", "/apis/apps/v1/namespaces/b/deployments"]);
    });

    it("requests only the served namespaces' collections, is synced only once all are, and finds objects of each", async () => {
        const dist = (ns: string) => `/apis/llamastack.io/v1alpha1/namespaces/${ns}/llamastackdistributions`;
        const deps = (ns: string) => `/apis/apps/v1/namespaces/${ns}/deployments`;
        const { controller, calls, watched, release } = controllerWithLists(["a", "b"], (path) => (path === dist("a") ? [distribution("a", "one")] : path === dist("b") ? [distribution("b", "two")] : []));
        void controller.distributions.run();
        void controller.deployments.run();
        await release(dist("a"));
        await release(deps("a"));
        await release(deps("b"));
        assert.equal(controller.hasSynced, false, "one namespace's distributions are not listed yet");
        await release(dist("b"));
        assert.equal(controller.hasSynced, true);
        controller.stop();

        const paths = new Set(calls.map((c) => c.path.split("?")[0]));
        assert.deepEqual([...paths].sort(), [deps("a"), deps("b"), dist("a"), dist("b")].sort());
        assert.ok(calls.filter((c) => c.path.startsWith("/apis/apps/")).every((c) => c.path.includes("labelSelector=app.kubernetes.io%2Fmanaged-by%3Dllamastack-controller")));
        assert.deepEqual([...new Set(watched)].sort(), [deps("a"), deps("b"), dist("a"), dist("b")].sort());
        assert.equal(controller.distributions.get("a/one")?.metadata.uid, "uid-a-one");
        assert.equal(controller.distributions.get("b/two")?.metadata.uid, "uid-b-two");
        assert.equal(controller.distributions.get("c/two"), undefined);
        assert.deepEqual(controller.distributions.list().map((d) => `${d.metadata.namespace}/${d.metadata.name}`), ["a/one", "b/two"]);
    });

    it("queues the distributions of every served namespace, at start and at each resync", async () => {
        const { controller, release } = controllerWithLists(["a", "b"], (path) =>
            path.includes("llamastackdistributions") ? [distribution(path.split("/")[5], "llama")] : [],
        );
        const running = controller.run(0, 30, () => false);
        for (const ns of ["a", "b"]) {
            await release(`/apis/llamastack.io/v1alpha1/namespaces/${ns}/llamastackdistributions`);
            await release(`/apis/apps/v1/namespaces/${ns}/deployments`);
        }
        await running;
        const first = [await controller.queue.get(), await controller.queue.get()];
        assert.deepEqual(first.sort(), ["a/llama", "b/llama"]);
        first.forEach((key) => controller.queue.done(key!));
        assert.equal(controller.queue.length, 0);
        await new Promise((resolve) => setTimeout(resolve, 100));
        assert.equal(controller.queue.length, 2, "the resync queued both namespaces' distributions again");
        controller.stop();
    });
});
