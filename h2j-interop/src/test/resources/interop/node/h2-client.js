'use strict';
// One interop scenario run by Node's built-in http2 client against a server that keeps the h2j-interop
// endpoint contract (InteropServer). Everything happens on one session, so on one connection.
//
//   node h2-client.js SCENARIO ORIGIN [CA_PEM_FILE]
//
// ORIGIN https://... is TLS with ALPN h2, the server's certificate checked against CA_PEM_FILE;
// http://... is cleartext HTTP/2 with prior knowledge. Standard output is one JSON object per line,
// what NodeClientTest asserts on:
//   {"event":"sent","tag":T,"bytes":N,"sha256":H}             a request body about to go out
//   {"event":"response","tag":T,"path":P,"stream":S,"status":C,"bytes":N,"sha256":H,"text":B,"trailers":{..}}
//                                                            a response ended (text: bodies up to 4 KiB)
//   {"event":"reset","tag":T,"path":P,"stream":S,"bytes":N}   we reset the stream (CANCEL) after N octets
//   {"event":"failed","tag":T,"path":P,"stream":S,"code":E,"message":M}
//                                                            the request failed (stream null: never sent)
//   {"event":"goaway","errorCode":C,"lastStreamId":L}         the server's GOAWAY
//   {"event":"done","maxOpen":N}                             the scenario ended; N: most streams open at once
const http2 = require('node:http2');
const crypto = require('node:crypto');
const fs = require('node:fs');

const [scenario, origin, caFile] = process.argv.slice(2);
const TEXT_LIMIT = 4096;
const SCRIPT_SECONDS = 60;

function emit(event) {
  process.stdout.write(JSON.stringify(event) + '\n');
}

const session = http2.connect(origin, caFile ? { ca: fs.readFileSync(caFile) } : {});
session.on('error', (e) => emit({ event: 'session-error', code: e.code, message: e.message }));
session.on('goaway', (errorCode, lastStreamId) => emit({ event: 'goaway', errorCode, lastStreamId }));
// A 32 MiB connection window, so a 16 MiB body is not paced by WINDOW_UPDATE round trips.
session.on('connect', () => session.setLocalWindowSize(32 * 1024 * 1024));

let open = 0;
let maxOpen = 0;

// Sends one request and resolves (never rejects) with the event that ended it, once emitted.
function request(tag, headers, options = {}) {
  const path = headers[':path'];
  return new Promise((resolve) => {
    let stream;
    try {
      stream = session.request(Object.assign({ ':method': 'GET' }, headers), { endStream: !options.body });
    } catch (e) {
      const failed = { event: 'failed', tag, path, stream: null, code: e.code, message: e.message };
      emit(failed);
      resolve(failed);
      return;
    }
    open += 1;
    maxOpen = Math.max(maxOpen, open);
    const hash = crypto.createHash('sha256');
    const kept = [];
    let bytes = 0;
    let status = null;
    let trailers = null;
    let settled = false;
    const settle = (event) => {
      if (!settled) {
        settled = true;
        open -= 1;
        emit(event);
        resolve(event);
      }
    };
    const streamId = () => (stream.id === undefined ? null : stream.id);
    stream.on('response', (fields) => { status = fields[':status']; });
    stream.on('trailers', (fields) => { trailers = Object.fromEntries(Object.entries(fields)); });
    stream.on('data', (chunk) => {
      hash.update(chunk);
      if (bytes < TEXT_LIMIT) {
        kept.push(chunk);
      }
      bytes += chunk.length;
      if (options.cancelAfter !== undefined && bytes >= options.cancelAfter) {
        stream.close(http2.constants.NGHTTP2_CANCEL);
        settle({ event: 'reset', tag, path, stream: streamId(), bytes });
      }
    });
    stream.on('end', () => settle({
      event: 'response', tag, path, stream: streamId(), status, bytes, sha256: hash.digest('hex'),
      text: bytes <= TEXT_LIMIT ? Buffer.concat(kept).toString('utf8') : null, trailers,
    }));
    stream.on('error', (e) => settle({ event: 'failed', tag, path, stream: streamId(), code: e.code, message: e.message }));
    stream.on('close', () => settle({
      event: 'failed', tag, path, stream: streamId(), code: 'closed', message: `stream closed, code ${stream.rstCode}`,
    }));
    if (options.body) {
      stream.end(options.body);
    }
  });
}

const scenarios = {
  async SMALL_GET() {
    await request('small', { ':path': '/small.txt' });
  },
  async LARGE_GET() {
    await request('big', { ':path': '/big.bin' });
  },
  async POST_ECHO() {
    const body = crypto.randomBytes(1024 * 1024);
    emit({ event: 'sent', tag: 'echo', bytes: body.length, sha256: crypto.createHash('sha256').update(body).digest('hex') });
    await request('echo', { ':method': 'POST', ':path': '/echo', 'content-type': 'application/octet-stream' }, { body });
  },
  async TRAILERS() {
    await request('trailers', { ':path': '/trailers' });
  },
  async CONCURRENT_STREAMS() {
    const all = [];
    for (let i = 0; i < 100; i++) {
      all.push(request(`n${i}`, { ':path': `/small.txt?n=${i}` }));
    }
    await Promise.all(all);
  },
  async RESET_MID_BODY() {
    // RFC 9113 §8.7: the client cancels /drip with RST_STREAM CANCEL; three others on the connection finish.
    await Promise.all([
      request('drip', { ':path': '/drip' }, { cancelAfter: 256 * 1024 }),
      request('other1', { ':path': '/small.txt?other=1' }),
      request('other2', { ':path': '/big.bin?other=2' }),
      request('other3', { ':path': '/trailers?other=3' }),
    ]);
    await request('after', { ':path': '/small.txt?after=reset' });
  },
  async GOAWAY_UNDER_LOAD() {
    // 20 slow requests at once; the test closes the server once it took them. Until the GOAWAY comes,
    // one more every 10 ms, so some race it: those the server never took must fail, not hang.
    let goaway = false;
    session.once('goaway', () => { goaway = true; });
    const all = [];
    for (let i = 0; i < 20; i++) {
      all.push(request(`d${i}`, { ':path': `/delay?ms=300&id=${i}` }));
    }
    for (let i = 20; i < 60 && !goaway; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      all.push(request(`d${i}`, { ':path': `/delay?ms=300&id=${i}` }));
    }
    await Promise.all(all);
  },
  async LARGE_HEADER() {
    await request('cookie', { ':path': '/headers', cookie: 'big=' + 'c'.repeat(8192 - 4) });
  },
  async MANY_HEADERS() {
    const headers = { ':path': '/headers' };
    for (let i = 0; i < 100; i++) {
      headers[`x-h-${String(i).padStart(2, '0')}`] = `value-${i}`;
    }
    await request('fields', headers);
  },
};

if (!scenarios[scenario] || !origin) {
  emit({ event: 'usage', message: `node h2-client.js SCENARIO ORIGIN [CA_PEM_FILE]; SCENARIO one of ${Object.keys(scenarios)}` });
  process.exit(2);
}
setTimeout(() => {
  emit({ event: 'timeout', seconds: SCRIPT_SECONDS });
  process.exit(1);
}, SCRIPT_SECONDS * 1000).unref();
scenarios[scenario]().then(() => {
  emit({ event: 'done', maxOpen });
  session.close();
});
