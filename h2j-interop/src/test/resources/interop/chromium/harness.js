// The scenarios of ChromiumTest, run by the page with fetch() against the h2j server that served it.
// Each function reports what the browser saw (statuses, bodies or their SHA-256, and the protocol that
// Resource Timing recorded); the test asserts on the report.
'use strict';

const hex = bytes => Array.from(new Uint8Array(bytes), b => b.toString(16).padStart(2, '0')).join('');
const sha256 = async bytes => hex(await crypto.subtle.digest('SHA-256', bytes));
const noStore = { cache: 'no-store' };

// The nextHopProtocol of the latest Resource Timing entry for a URL: the entry may come a task after
// the body, so it is waited for, up to two seconds ('no entry' after that).
async function protocolOf(url) {
  const name = new URL(url, location.href).href;
  for (let waited = 0; waited < 2000; waited += 10) {
    const entries = performance.getEntriesByName(name, 'resource');
    if (entries.length > 0) {
      return entries[entries.length - 1].nextHopProtocol;
    }
    await new Promise(resolve => setTimeout(resolve, 10));
  }
  return 'no entry';
}

// SMALL_GET, and the requests beside a reset: the body as text.
async function smallGet(url) {
  const response = await fetch(url, noStore);
  const body = await response.text();
  return { status: response.status, body, protocol: await protocolOf(url) };
}

// LARGE_GET: the body's length and SHA-256.
async function largeGet(url) {
  const response = await fetch(url, noStore);
  const body = await response.arrayBuffer();
  return { status: response.status, length: body.byteLength, sha256: await sha256(body),
           protocol: await protocolOf(url) };
}

// POST_ECHO: `size` random octets (getRandomValues fills at most 65,536 at a time) posted to `url`; the
// SHA-256 of what was sent and of what came back.
async function postEcho(url, size) {
  const sent = new Uint8Array(size);
  for (let at = 0; at < size; at += 65536) {
    crypto.getRandomValues(sent.subarray(at, Math.min(size, at + 65536)));
  }
  const response = await fetch(url, { method: 'POST', body: sent, cache: 'no-store' });
  const received = await response.arrayBuffer();
  return { status: response.status, sentLength: size, sent: await sha256(sent),
           receivedLength: received.byteLength, received: await sha256(received),
           protocol: await protocolOf(url) };
}

// CONCURRENT_STREAMS: `count` fetches of url + i, all started before any is awaited.
async function concurrent(url, count) {
  const urls = Array.from({ length: count }, (_, i) => url + i);
  const responses = await Promise.all(urls.map(async u => {
    const response = await fetch(u, noStore);
    return { status: response.status, body: await response.text() };
  }));
  const protocols = await Promise.all(urls.map(protocolOf));
  return responses.map((response, i) => ({ ...response, protocol: protocols[i] }));
}

// RESET_MID_BODY: reads `drip` until at least `octets` came, fetches each of `others` while the drip is
// still open, then aborts the drip (Chromium resets its stream) and reports how the read ended.
async function resetMidBody(drip, octets, others) {
  const controller = new AbortController();
  const response = await fetch(drip, { signal: controller.signal, cache: 'no-store' });
  const reader = response.body.getReader();
  let received = 0;
  while (received < octets) {
    const { done, value } = await reader.read();
    if (done) {
      return { status: response.status, received, ended: 'the body ended on its own' };
    }
    received += value.byteLength;
  }
  const completed = await Promise.all(others.map(smallGet));
  controller.abort();
  let ended = 'the read went on after the abort';
  try {
    await reader.read();
  } catch (e) {
    ended = e.name;
  }
  return { status: response.status, received, ended, others: completed };
}

// LARGE_HEADER: cookies of `crumbs` crumbs whose joined form ("c0=...; c1=...") is `length` characters
// (a browser keeps a cookie to 4 KiB, so 8 KiB takes several), then a fetch of `url`. The cookies are
// deleted again before the report, which also says what document.cookie held.
async function largeHeader(url, length, crumbs) {
  const names = Array.from({ length: crumbs }, (_, i) => 'c' + i);
  const attributes = '; Path=/; Secure; SameSite=Strict';
  let left = length - '; '.length * (crumbs - 1);
  try {
    names.forEach((name, i) => {
      const crumb = Math.ceil(left / (crumbs - i));
      left -= crumb;
      document.cookie = name + '=' + 'v'.repeat(crumb - name.length - 1) + attributes;
    });
    const cookie = document.cookie.length;
    const response = await fetch(url, noStore);
    return { status: response.status, body: await response.text(), cookie, protocol: await protocolOf(url) };
  } finally {
    names.forEach(name => { document.cookie = name + '=' + attributes + '; Max-Age=0'; });
  }
}

// MANY_HEADERS: one fetch with `count` extra fields, x-h-00, x-h-01, ...
async function manyHeaders(url, count) {
  const headers = new Headers();
  for (let i = 0; i < count; i++) {
    headers.append('x-h-' + String(i).padStart(2, '0'), 'value ' + i);
  }
  const response = await fetch(url, { headers, cache: 'no-store' });
  return { status: response.status, body: await response.text(), protocol: await protocolOf(url) };
}

// GOAWAY_UNDER_LOAD: `count` fetches of url + id, all started at once; each reports its id and its
// status and body, or the error it failed with.
async function underLoad(url, count) {
  return Promise.all(Array.from({ length: count }, async (_, id) => {
    try {
      const response = await fetch(url + id, noStore);
      return { id, status: response.status, body: await response.text() };
    } catch (e) {
      return { id, error: String(e) };
    }
  }));
}
