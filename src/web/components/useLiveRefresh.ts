/**
 * Re-read when the server says something changed: an EventSource on `url` calls `refresh` on each
 * `event` (and on "reset": the server could not replay what was missed), and once more after a lost
 * connection comes back (what was said meanwhile was not heard). Returns whether the stream is open,
 * so a page can fall back to polling while it is not.
 */
import { useEffect, useRef, useState } from "react";

export function useLiveRefresh(url: string | null, event: string, refresh: () => void): boolean {
  const [live, setLive] = useState(false);
  const latest = useRef(refresh);
  latest.current = refresh;
  useEffect(() => {
    if (!url) return;
    const es = new EventSource(url);
    const on = () => latest.current();
    es.addEventListener(event, on);
    es.addEventListener("reset", on);
    let opened = false;
    es.onopen = () => {
      if (opened) on();
      opened = true;
      setLive(true);
    };
    es.onerror = () => setLive(false);
    return () => {
      es.close();
      setLive(false);
    };
  }, [url, event]);
  return live;
}
