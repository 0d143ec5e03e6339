// A stand-in for the API server in the controller's unit tests: records each request, answers from a table.
import { Controller, ControllerOptions } from "../../controller/controller";
import { KubeClient } from "../../controller/kube";
import { flush } from "./fakeClock";

export interface Call {
    method: string;
    path: string;
    body?: any;
    contentType?: string;
}

/**
 * A KubeClient whose requests `answer` decides; an Error answer is thrown, as the real client throws ApiErrors.
 * Its watches stay open, with no events, until their signal aborts (the informer stops).
 */
export function fakeClient(answer: (call: Call) => unknown): { client: KubeClient; calls: Call[] } {
    const calls: Call[] = [];
    const client = {
        namespace: "default",
        async request(method: string, p: string, options: { body?: unknown; contentType?: string } = {}) {
            const call = { method, path: p, body: options.body, contentType: options.contentType };
            calls.push(call);
            const result = answer(call);
            if (result instanceof Error) {
                throw result;
            }
            return result;
        },
        watch(_path: string, _onEvent: unknown, signal: AbortSignal) {
            return new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve()));
        },
    } as unknown as KubeClient;
    return { client, calls };
}

/** A controller over `client` whose distribution and Deployment informers run and have made their first lists. */
export async function syncedController(client: KubeClient, options: ControllerOptions = {}): Promise<Controller> {
    const controller = new Controller(client, options);
    void controller.distributions.run();
    void controller.deployments.run();
    while (!controller.hasSynced) {
        await flush();
    }
    return controller;
}
