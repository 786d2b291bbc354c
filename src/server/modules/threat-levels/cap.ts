/**
 * OASIS CAP 1.2 documents of threat-level decisions and the Atom index of them. Each decision is one
 * message: a declaration an Alert, a change an Update and a cancellation a Cancel, whose `references`
 * name every earlier message of its chain (sender,identifier,sent). An `info` block per language
 * (kk and ru; en when the announcement has it), category Security, urgency/severity/certainty from the
 * level (domain CAP_LEVEL), the guidance as `instruction`, and an `area` per territory with its
 * simplified boundary and its KATO geocode. Validated against data/cap/CAP-v1.2.xsd in the tests.
 */
import type { Locale } from "../../../domain/contracts/common";
import { CAP_LEVEL, capMsgType, LEVEL_COLOUR, type ThreatLevel } from "../../../domain/threat-levels";
import { t } from "../../platform/i18n";
import { capPolygonsFor } from "./cap-geometry";
import { chainOf, type PublicDecision, type PublicModel, shownLevel } from "./public-model";
import { announcementIn, areasOf, headlineOf, nameIn } from "./public-page";

export type CapOptions = {
  /** CAP `sender`: globally unique, no spaces, commas, "<" or "&" (e.g. the public host name). */
  sender: string;
  /** The public address (QORGAN_PUBLIC_URL) for absolute links; relative links without it. */
  publicUrl?: string;
};

const xml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c]!,
  );

const pad = (n: number) => String(n).padStart(2, "0");

/** CAP time: Almaty (UTC+5), whole seconds, with its offset — "2026-12-06T14:30:00+05:00". */
export function capTime(ms: number): string {
  const d = new Date(Math.floor(ms / 1000) * 1000 + 5 * 3_600_000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(
    d.getUTCMinutes(),
  )}:${pad(d.getUTCSeconds())}+05:00`;
}

export const capIdentifier = (d: PublicDecision) => `threat-level-${d.id}`;

/** "sender,identifier,sent" of a message (CAP 1.2 §3.2.1 references). */
export const capReference = (d: PublicDecision, opts: CapOptions) =>
  `${opts.sender},${capIdentifier(d)},${capTime(d.createdAt)}`;

const base = (opts: CapOptions) => (opts.publicUrl ? opts.publicUrl.replace(/\/+$/, "") : "");

/** CAP response types: what people are told to do, by level; all clear on a cancellation. */
const RESPONSE: Record<ThreatLevel, string> = { moderate: "Monitor", high: "Prepare", critical: "Avoid" };

function geocode(code: string): string {
  const [name, value] =
    code === "KZ" ? ["ISO3166-1", "KZ"] : code === "KZ-CASPIAN" ? ["QORGAN", "KZ-CASPIAN"] : ["KATO", code];
  return `<geocode><valueName>${name}</valueName><value>${xml(value)}</value></geocode>`;
}

function areaBlocks(model: PublicModel, d: PublicDecision, lang: Locale): string {
  const names = areasOf(model, d, lang);
  return d.territories
    .map(
      (code, i) =>
        `<area><areaDesc>${xml(names[i])}</areaDesc>${capPolygonsFor(code)
          .map((p) => `<polygon>${p}</polygon>`)
          .join("")}${geocode(code)}</area>`,
    )
    .join("");
}

function infoBlock(
  model: PublicModel,
  d: PublicDecision,
  lang: Locale,
  opts: CapOptions,
  until: number | null,
) {
  const level = shownLevel(model, d);
  const cancel = d.action === "cancel";
  const term = t(lang, "threat.term");
  const event = level && !cancel ? `${term}: ${t(lang, `threat.level.${level}`)}` : term;
  const m =
    level && !cancel ? CAP_LEVEL[level] : { urgency: "Past", severity: "Minor", certainty: "Observed" };
  const response = cancel ? "AllClear" : level ? RESPONSE[level] : "None";
  const a = announcementIn(d, lang);
  const parts = [
    `<language>${lang}</language>`,
    "<category>Security</category>",
    `<event>${xml(event)}</event>`,
    `<responseType>${response}</responseType>`,
    `<urgency>${m.urgency}</urgency>`,
    `<severity>${m.severity}</severity>`,
    `<certainty>${m.certainty}</certainty>`,
    level
      ? `<eventCode><valueName>threatLevelColour</valueName><value>${LEVEL_COLOUR[level]}</value></eventCode>`
      : "",
    `<effective>${capTime(d.startsAt)}</effective>`,
    cancel ? "" : `<onset>${capTime(d.startsAt)}</onset>`,
    !cancel && until !== null ? `<expires>${capTime(until)}</expires>` : "",
    d.senderNames ? `<senderName>${xml(nameIn(d.senderNames, lang))}</senderName>` : "",
    `<headline>${xml(headlineOf(model, d, lang))}</headline>`,
    `<description>${xml(a.text)}</description>`,
    level && !cancel ? `<instruction>${xml(t(lang, `threat.guidance.${level}`))}</instruction>` : "",
    opts.publicUrl ? `<web>${xml(`${base(opts)}/public/${lang}#d-${d.id}`)}</web>` : "",
    areaBlocks(model, d, lang),
  ];
  return `<info>${parts.join("")}</info>`;
}

/** The CAP 1.2 document of one decision. `until`: when it stops being in force as declared (its end). */
export function capDocument(model: PublicModel, d: PublicDecision, opts: CapOptions): string {
  const chain = chainOf(model, d);
  const langs: Locale[] = d.announcement.en ? ["kk", "ru", "en"] : ["kk", "ru"];
  const head = [
    `<identifier>${xml(capIdentifier(d))}</identifier>`,
    `<sender>${xml(opts.sender)}</sender>`,
    `<sent>${capTime(d.createdAt)}</sent>`,
    "<status>Actual</status>",
    `<msgType>${capMsgType(d.action)}</msgType>`,
    "<scope>Public</scope>",
    `<note>${xml(`№ ${d.number}`)}</note>`,
    chain.length ? `<references>${xml(chain.map((c) => capReference(c, opts)).join(" "))}</references>` : "",
  ];
  return `<?xml version="1.0" encoding="UTF-8"?>\n<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">${head.join(
    "",
  )}${langs.map((l) => infoBlock(model, d, l, opts, d.endsAt)).join("")}</alert>\n`;
}

/** The Atom index of the CAP documents, newest first (RFC 4287), in one language. */
export function capAtomFeed(model: PublicModel, lang: Locale, opts: CapOptions, limit = 100): string {
  const b = base(opts);
  const updated = model.history[0]?.createdAt ?? 0;
  const entries = model.history.slice(0, limit).map((d) => {
    const a = announcementIn(d, lang);
    return `<entry><id>urn:uuid:${d.id}</id><title>${xml(headlineOf(model, d, lang))}</title><updated>${capTime(
      d.createdAt,
    )}</updated><link rel="alternate" type="application/cap+xml" href="${xml(`${b}/public/cap/${d.id}.xml`)}"/><link rel="related" type="text/html" href="${xml(
      `${b}/public/${lang}#d-${d.id}`,
    )}"/><category term="${d.level ?? "cancel"}"/><summary${a.lang !== lang ? ` xml:lang="${a.lang}"` : ""}>${xml(
      a.text,
    )}</summary></entry>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${lang}"><id>tag:${xml(opts.sender)},2013:threat-levels</id><title>${xml(
    t(lang, "threat.page.feed"),
  )}</title><updated>${capTime(updated)}</updated><author><name>${xml(opts.sender)}</name></author><link rel="self" type="application/atom+xml" href="${xml(
    `${b}/public/cap.atom?lang=${lang}`,
  )}"/><link rel="alternate" type="text/html" href="${xml(`${b}/public/${lang}`)}"/>${entries.join("")}</feed>
`;
}
