// A recording proxy for one controller process: plain HTTP on 127.0.0.1:PORT in front of the API
// server of $KUBECONFIG (whose credentials it adds), logging every request it receives, with the
// time it arrived, as one JSON line in FILE. What the process sent, and when, seen from outside it.
//
//   ts-node --transpile-only tests/e2e/requestLog.ts PORT FILE
import * as fs from "fs";
import * as http from "http";
import * as https from "https";
import { loadConnection } from "../../controller/kube";

const [port, file] = process.argv.slice(2);
const upstream = loadConnection();
const target = new URL(upstream.server);
const agent = new https.Agent({ keepAlive: true, ca: upstream.ca, cert: upstream.cert, key: upstream.key });
const out = fs.createWriteStream(file, { flags: "a" });

const server = http.createServer((req, res) => {
    out.write(JSON.stringify({ t: Date.now(), method: req.method, path: req.url }) + "\n");
    const headers = { ...req.headers, host: target.host };
    if (upstream.token) {
        headers.authorization = `Bearer ${upstream.token}`;
    }
    const forward = https.request({ hostname: target.hostname, port: target.port, path: req.url, method: req.method, headers, agent }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
    });
    forward.on("error", () => res.destroy());
    res.on("close", () => forward.destroy());
    req.pipe(forward);
});
server.listen(Number(port), "127.0.0.1", () => out.write(JSON.stringify({ t: Date.now(), listening: Number(port) }) + "\n"));
