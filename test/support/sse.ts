/** Server-sent events in tests: read a real stream over HTTP. */
/** Reads an SSE stream until `until` holds or the time is up; the events as { event, id, data }. */
export async function readStream(
  url: string,
  headers: Record<string, string>,
  until: (events: { event: string; id?: string; data: string }[]) => boolean,
  ms = 5000,
) {
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), ms);
  const events: { event: string; id?: string; data: string }[] = [];
  try {
    const res = await fetch(url, { headers, signal: ctrl.signal });
    const reader = res.body!.getReader();
    let buf = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buf += new TextDecoder().decode(value);
      let cut = buf.indexOf("\n\n");
      while (cut >= 0) {
        const block = buf.slice(0, cut);
        buf = buf.slice(cut + 2);
        const field = (name: string) =>
          block
            .split("\n")
            .find((l) => l.startsWith(`${name}: `))
            ?.slice(name.length + 2);
        if (field("event"))
          events.push({ event: field("event")!, id: field("id"), data: field("data") ?? "" });
        cut = buf.indexOf("\n\n");
      }
      if (until(events)) break;
    }
  } catch (e) {
    if ((e as Error).name !== "AbortError") throw e;
  } finally {
    clearTimeout(timer);
    ctrl.abort();
  }
  return events;
}
