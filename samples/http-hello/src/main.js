// StarlingMonkey hands each request of wasi:http/incoming-handler to this fetch event listener.
addEventListener('fetch', (event) => event.respondWith(route(event.request)));

async function route(request) {
  const url = new URL(request.url);
  switch (url.pathname) {
    case '/':
      return text('Hello from a WebAssembly component! Try /json?name=you, /hello with an x-name header, POST /echo, /time, /fetch?url=…, /fail or /spin.\n');
    case '/json':
      return Response.json({ greeting: 'hello', name: url.searchParams.get('name') ?? 'world', method: request.method });
    case '/hello':
      return text(`Hello, ${request.headers.get('x-name') ?? 'stranger'}!\n`);
    case '/echo':
      if (request.method !== 'POST') return text('POST a body to /echo\n', 405);
      return new Response(await request.text(), { headers: { 'content-type': request.headers.get('content-type') ?? 'text/plain' } });
    case '/time':
      // The clock is what the policy grants: frozen here, so both engines answer the same.
      return text(`${new Date().toISOString()}\n`);
    case '/fetch': {
      // An outgoing request: it leaves only for an origin the policy allow-lists (none here), so
      // as it stands this answers 502 with the refusal; grant one with --allow-http ORIGIN.
      const target = url.searchParams.get('url') ?? 'http://127.0.0.1:8081/';
      try {
        const answer = await fetch(target);
        return text(`${target} answered ${answer.status}: ${await answer.text()}`);
      } catch (err) {
        return text(`fetch ${target} failed: ${err?.message ?? err}\n`, 502);
      }
    }
    case '/fail':
      throw new Error('this route fails on purpose');
    case '/spin':
      // Never answers: the request's time limit ends it (the server answers 504 and goes on).
      for (;;);
    default:
      return text(`no route for ${url.pathname}\n`, 404);
  }
}

const text = (body, status = 200) => new Response(body, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } });
