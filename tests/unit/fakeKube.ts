// A stand-in for the API server in the controller's unit tests: records each request, answers from a table.
import { KubeClient } from "../../controller/kube";

export interface Call {
    method: string;
    path: string;
    body?: any;
    contentType?: string;
}

/** A KubeClient whose requests `answer` decides; an Error answer is thrown, as the real client throws ApiErrors. */
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
    } as unknown as KubeClient;
    return { client, calls };
}
