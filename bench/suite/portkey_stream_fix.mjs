// Preloaded into the Portkey gateway (node --import) by the benchmark suite.
//
// Portkey 1.15.2 on Node 20 answers every streamed chat completion with
// {"status":"failure","message":"Something went wrong"}: @hono/node-server's lightweight Response
// reuses the upstream fetch response's Headers, whose guard is "immutable", and Portkey then
// appends its x-portkey-* headers to them (TypeError: immutable; Portkey issues #1389, #1550).
// This wrapper gives streamed upstream responses a mutable copy of their headers. Non-streaming
// responses are returned untouched, so the non-streaming measurements see Portkey as shipped.
const upstreamFetch = globalThis.fetch;
const NativeResponse = globalThis.Response;

globalThis.fetch = async (input, init) => {
  const response = await upstreamFetch(input, init);
  const type = response.headers.get("content-type") || "";
  if (!type.startsWith("text/event-stream")) return response;
  return new NativeResponse(response.body, {
    status: response.status,
    statusText: response.statusText,
    headers: new Headers(response.headers),
  });
};
