// The dynamic endpoints of the interop contract for nginx's njs (NginxTest).

// POST /echo: 200 and the request body (nginx keeps it in one buffer, see nginx.conf).
function echo(r) {
    r.headersOut['Content-Type'] = 'application/octet-stream';
    r.return(200, r.requestBuffer === undefined ? '' : r.requestBuffer);
}

// GET /headers: the x-h-* fields counted, and the cookie's length, crumbs joined with "; " (RFC 9113
// §8.2.3; nginx joins HTTP/2 cookie crumbs into one field already).
function headers(r) {
    var count = 0;
    var cookies = [];
    r.rawHeadersIn.forEach(function (field) {
        var name = field[0].toLowerCase();
        if (name.startsWith('x-h-')) {
            count++;
        }
        if (name === 'cookie') {
            cookies.push(field[1]);
        }
    });
    r.headersOut['Content-Type'] = 'text/plain';
    r.return(200, 'x-h=' + count + ' cookie=' + cookies.join('; ').length);
}

// GET /delay?ms=N&id=K: after N ms, 200 and K. The log line tells the test the request arrived.
function delay(r) {
    var id = r.args.id;
    r.log('interop delay id=' + id);
    setTimeout(function () {
        r.headersOut['Content-Type'] = 'text/plain';
        r.return(200, id);
    }, Number(r.args.ms));
}

// GET /njs-version: the njs version, for the matrix.
function version(r) {
    r.return(200, njs.version);
}

export default {echo, headers, delay, version};
