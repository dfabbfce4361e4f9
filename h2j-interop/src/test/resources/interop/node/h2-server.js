'use strict';
// The h2j-interop endpoint contract (Site's files, /echo, /trailers, /headers, /drip, /delay) served
// by Node's built-in http2 module, for h2j's client (NodeServerTest).
//
//   node h2-server.js --root DIR [--port N] [--cert PEM --key PEM]
//
// With --cert and --key it speaks TLS with ALPN h2; without, cleartext HTTP/2 with prior knowledge.
// Standard output is one JSON object per line:
//   {"event":"listening","port":N}                      bound, on 127.0.0.1
//   {"event":"request","stream":S,"method":M,"path":P}  a request arrived
//   {"event":"processed","stream":S,"id":K}             /delay took the request with id K
//   {"event":"reset","stream":S,"path":P,"code":C}      the stream was reset with code C
//   {"event":"goaway","sessions":N}                     SIGUSR2 arrived: N sessions close gracefully
// On SIGUSR2 every session closes gracefully (session.close(): GOAWAY with the last stream id Node
// took, streams below it finish, RFC 9113 §6.8); the listener stays open for later connections.
const http2 = require('node:http2');
const fs = require('node:fs');
const path = require('node:path');

const args = new Map();
for (let i = 2; i + 1 < process.argv.length; i += 2) {
  args.set(process.argv[i].replace(/^--/, ''), process.argv[i + 1]);
}
const root = fs.realpathSync(args.get('root'));
const CHUNK = Buffer.alloc(16 * 1024, 0x2e);
const DRIP_LIMIT = 1024 * 1024 * 1024;
const TYPES = { '.txt': 'text/plain; charset=utf-8', '.html': 'text/html; charset=utf-8', '.css': 'text/css',
  '.js': 'text/javascript', '.bin': 'application/octet-stream' };

function emit(event) {
  process.stdout.write(JSON.stringify(event) + '\n');
}

function text(stream, status, body) {
  stream.respond({ ':status': status, 'content-type': 'text/plain; charset=utf-8' });
  stream.end(body);
}

function serveFile(stream, method, pathname) {
  const file = path.join(root, path.normalize(decodeURIComponent(pathname)));
  let stat = null;
  if (file.startsWith(root + path.sep)) {
    try {
      stat = fs.statSync(file);
    } catch (e) {
      stat = null;
    }
  }
  if (stat === null || !stat.isFile()) {
    text(stream, 404, 'not found\n');
    return;
  }
  const headers = { ':status': 200, 'content-type': TYPES[path.extname(file)] || 'application/octet-stream',
    'content-length': stat.size };
  if (method === 'HEAD') {
    stream.respond(headers, { endStream: true });
  } else {
    stream.respondWithFile(file, headers);
  }
}

// A body that does not end on its own: 16 KiB writes as the stream drains, until 1 GiB or a reset.
function drip(stream) {
  let sent = 0;
  stream.respond({ ':status': 200, 'content-type': 'application/octet-stream' });
  const pump = () => {
    while (!stream.destroyed && sent < DRIP_LIMIT) {
      sent += CHUNK.length;
      if (!stream.write(CHUNK)) {
        stream.once('drain', pump);
        return;
      }
    }
    if (!stream.destroyed) {
      stream.end();
    }
  };
  pump();
}

function handle(stream, headers) {
  const method = headers[':method'];
  const url = new URL(headers[':path'], 'http://interop.invalid');
  emit({ event: 'request', stream: stream.id, method, path: headers[':path'] });
  stream.on('error', () => {});
  stream.on('close', () => {
    if (stream.rstCode !== undefined && stream.rstCode !== http2.constants.NGHTTP2_NO_ERROR) {
      emit({ event: 'reset', stream: stream.id, path: headers[':path'], code: stream.rstCode });
    }
  });
  if (method === 'POST' && url.pathname === '/echo') {
    stream.respond({ ':status': 200, 'content-type': 'application/octet-stream' });
    stream.pipe(stream);
  } else if (method === 'GET' && url.pathname === '/trailers') {
    // RFC 9113 §8.1: the body, then a HEADERS frame of trailer fields that ends the stream.
    stream.respond({ ':status': 200, 'content-type': 'text/plain; charset=utf-8' }, { waitForTrailers: true });
    stream.on('wantTrailers', () => stream.sendTrailers({ 'x-interop-trailer': 'ok' }));
    stream.end('trailers follow\n');
  } else if (method === 'GET' && url.pathname === '/headers') {
    const count = Object.keys(headers).filter((name) => name.startsWith('x-h-')).length;
    // RFC 9113 §8.2.3: Node hands over the crumbs of a split cookie joined with "; ".
    const cookie = headers.cookie === undefined ? 0 : headers.cookie.length;
    text(stream, 200, `x-h=${count} cookie=${cookie}`);
  } else if (method === 'GET' && url.pathname === '/drip') {
    drip(stream);
  } else if (method === 'GET' && url.pathname === '/delay') {
    const id = url.searchParams.get('id') || '';
    emit({ event: 'processed', stream: stream.id, id });
    setTimeout(() => {
      if (!stream.destroyed) {
        text(stream, 200, id);
      }
    }, Number(url.searchParams.get('ms') || 0));
  } else if (method === 'GET' || method === 'HEAD') {
    serveFile(stream, method, url.pathname);
  } else {
    text(stream, 405, 'method not allowed\n');
  }
}

const server = args.has('cert')
  ? http2.createSecureServer({ cert: fs.readFileSync(args.get('cert')), key: fs.readFileSync(args.get('key')) })
  : http2.createServer();
const sessions = new Set();
server.on('stream', handle);
server.on('session', (session) => {
  sessions.add(session);
  session.on('close', () => sessions.delete(session));
  session.on('error', () => {});
});
server.listen(Number(args.get('port') || 0), '127.0.0.1', () => emit({ event: 'listening', port: server.address().port }));

process.on('SIGUSR2', () => {
  emit({ event: 'goaway', sessions: sessions.size });
  for (const session of sessions) {
    session.close();
  }
});
