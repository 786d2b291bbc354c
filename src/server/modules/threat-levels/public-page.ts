/**
 * The public threat-level page (R10.1: informing citizens), server-rendered HTML that needs no
 * JavaScript: each region's level now as a list, a colour legend table, guidance per level, the
 * history of announcements and links to the CAP feed. Styles are inline (the app's CSP allows inline
 * styles, no inline scripts); the colour is never the only sign of a level — its name is written.
 */
import type { Locale, Names } from "../../../domain/contracts/common";
import { LEVEL_SWATCH, type ThreatLevel, threatLevels } from "../../../domain/threat-levels";
import { t } from "../../platform/i18n";
import { type PublicDecision, type PublicModel, shownLevel } from "./public-model";

export const LANGUAGE_NAMES: Record<Locale, string> = { kk: "Қазақша", ru: "Русский", en: "English" };

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const ALMATY_OFFSET_MS = 5 * 3_600_000;
const pad = (n: number) => String(n).padStart(2, "0");

/** "25.11.2026 14:30" in Almaty time (UTC+5 all year). */
export function almatyMinute(ms: number): string {
  const d = new Date(ms + ALMATY_OFFSET_MS);
  return `${pad(d.getUTCDate())}.${pad(d.getUTCMonth() + 1)}.${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

export const nameIn = (n: Names, lang: Locale) => n[lang] || n.ru || n.kk;

/** The announcement in the page's language; English falls back to Russian (marked as such). */
export function announcementIn(d: PublicDecision, lang: Locale): { text: string; lang: Locale } {
  if (lang === "en" && !d.announcement.en) return { text: d.announcement.ru, lang: "ru" };
  return { text: d.announcement[lang], lang };
}

function badge(level: ThreatLevel | null, lang: Locale): string {
  if (!level) return `<span class="badge none">${escapeHtml(t(lang, "threat.page.none"))}</span>`;
  const s = LEVEL_SWATCH[level];
  return `<span class="badge" style="background:${s.fill};color:${s.text}" data-level="${level}">${escapeHtml(
    t(lang, `threat.level.${level}`),
  )}</span>`;
}

function period(startsAt: number, until: number | null, lang: Locale): string {
  const from = t(lang, "threat.page.from", { date: almatyMinute(startsAt) });
  const to =
    until === null
      ? t(lang, "threat.page.untilFurtherNotice")
      : t(lang, "threat.page.until", { date: almatyMinute(until) });
  return escapeHtml(`${from} ${to}`);
}

function paragraphs(text: string): string {
  return text
    .split(/\n+/)
    .filter((p) => p.trim())
    .map((p) => `<p>${escapeHtml(p)}</p>`)
    .join("");
}

function announcement(d: PublicDecision, lang: Locale): string {
  const a = announcementIn(d, lang);
  return `<div class="announcement"${a.lang !== lang ? ` lang="${a.lang}"` : ""}>${paragraphs(a.text)}</div>`;
}

/** The areas of a decision, named. */
export function areasOf(model: PublicModel, d: PublicDecision, lang: Locale): string[] {
  return d.territories.map((c) => {
    const a = model.areas.get(c);
    return a ? nameIn(a.names, lang) : c;
  });
}

export function headlineOf(model: PublicModel, d: PublicDecision, lang: Locale): string {
  const level = shownLevel(model, d);
  const names = areasOf(model, d, lang);
  const areas = names.length > 4 ? `${names.slice(0, 4).join(", ")} +${names.length - 4}` : names.join(", ");
  return t(lang, `threat.headline.${d.action}`, {
    areas,
    level: level ? t(lang, `threat.level.${level}`) : "",
  });
}

const STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;margin:0;color:#1a1b1e;background:#fff;line-height:1.5}
header,main,footer{max-width:960px;margin:0 auto;padding:0 16px}
header{border-bottom:1px solid #dee2e6;padding-bottom:8px}
h1{font-size:1.6rem;margin:16px 0 4px}h2{font-size:1.3rem;margin:28px 0 8px}h3{font-size:1.05rem;margin:0 0 4px}
a{color:#0b5394}
nav ul{list-style:none;display:flex;gap:12px;padding:0;margin:8px 0}
.regions{list-style:none;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(280px,1fr));gap:8px}
.regions>li{border:1px solid #ced4da;border-radius:6px;padding:8px 12px}
.badge{display:inline-block;border-radius:4px;padding:1px 8px;font-weight:600;border:1px solid #495057}
.badge.none{background:#fff;color:#1a1b1e}
.muted{color:#495057;font-size:.92rem}
.announcement p{margin:4px 0}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #ced4da;padding:6px 8px;text-align:left;vertical-align:top}
.swatch{display:inline-block;width:1.2em;height:1.2em;border:1px solid #495057;vertical-align:middle}
@media (min-width:600px){.levels th[scope=row]{white-space:nowrap}}
.history{list-style:none;padding:0}.history>li{border-top:1px solid #dee2e6;padding:8px 0}
footer{border-top:1px solid #dee2e6;margin-top:32px;padding-bottom:24px}
`;

function languageNav(lang: Locale): string {
  const items = (Object.keys(LANGUAGE_NAMES) as Locale[]).map(
    (l) =>
      `<li><a href="/public/${l}" lang="${l}" hreflang="${l}"${l === lang ? ' aria-current="page"' : ""}>${LANGUAGE_NAMES[l]}</a></li>`,
  );
  return `<nav aria-label="${escapeHtml(t(lang, "threat.page.language"))}"><ul>${items.join("")}</ul></nav>`;
}

function regionList(model: PublicModel, lang: Locale): string {
  const items = model.regions.map((r) => {
    const level = r.decision?.level ?? null;
    const parts = r.parts.length
      ? `<p class="muted">${escapeHtml(t(lang, "threat.page.inParts"))}:</p><ul>${r.parts
          .map(
            (p) =>
              `<li>${escapeHtml(nameIn(p.area.names, lang))} — ${badge(p.decision.level, lang)} <span class="muted">${period(
                p.decision.startsAt,
                p.until,
                lang,
              )}</span></li>`,
          )
          .join("")}</ul>`
      : "";
    const detail = r.decision
      ? `<p class="muted">${period(r.decision.startsAt, r.until, lang)}</p>${announcement(r.decision, lang)}`
      : "";
    return `<li data-kato="${escapeHtml(r.area.code)}" data-level="${level ?? "none"}"><h3>${escapeHtml(
      nameIn(r.area.names, lang),
    )}</h3><p>${escapeHtml(t(lang, "threat.page.levelColumn"))}: ${badge(level, lang)}</p>${detail}${parts}</li>`;
  });
  return `<ul class="regions" aria-labelledby="current">${items.join("")}</ul>`;
}

function legend(lang: Locale): string {
  const rows = threatLevels.map(
    (l) =>
      `<tr><th scope="row"><span class="swatch" style="background:${LEVEL_SWATCH[l].fill}" aria-hidden="true"></span> ${badge(
        l,
        lang,
      )}</th><td>${escapeHtml(t(lang, `threat.meaning.${l}`))}</td></tr>`,
  );
  return `<table class="levels"><thead><tr><th scope="col">${escapeHtml(t(lang, "threat.page.levelColumn"))}</th><th scope="col">${escapeHtml(
    t(lang, "threat.page.meaning"),
  )}</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

function guidance(lang: Locale): string {
  return threatLevels
    .map(
      (l) =>
        `<section aria-labelledby="guidance-${l}"><h3 id="guidance-${l}">${escapeHtml(
          t(lang, "threat.page.guidanceFor", { level: t(lang, `threat.level.${l}`) }),
        )}</h3><ul>${t(lang, `threat.guidance.${l}`)
          .split("\n")
          .map((s) => `<li>${escapeHtml(s)}</li>`)
          .join("")}</ul></section>`,
    )
    .join("");
}

function history(model: PublicModel, lang: Locale, limit: number): string {
  if (!model.history.length) return `<p>${escapeHtml(t(lang, "threat.page.noHistory"))}</p>`;
  const items = model.history.slice(0, limit).map((d) => {
    const sender = d.senderNames ? ` · ${escapeHtml(nameIn(d.senderNames, lang))}` : "";
    return `<li id="d-${d.id}"><article aria-labelledby="h-${d.id}"><h3 id="h-${d.id}">${escapeHtml(
      headlineOf(model, d, lang),
    )}</h3><p class="muted">${escapeHtml(almatyMinute(d.createdAt))} · № ${escapeHtml(d.number)} · ${escapeHtml(
      t(lang, `threat.action.${d.action}`),
    )}${sender}</p>${announcement(d, lang)}<p><a href="/public/cap/${d.id}.xml" hreflang="${lang}">${escapeHtml(
      t(lang, "threat.page.capDocument"),
    )} № ${escapeHtml(d.number)}</a></p></article></li>`;
  });
  return `<ol class="history" reversed>${items.join("")}</ol>`;
}

/** Public statements after an act (R21.3), newest first; nothing when there are none. */
function statements(model: PublicModel, lang: Locale, limit: number): string {
  if (!model.statements.length) return "";
  const items = model.statements
    .slice(0, limit)
    .map(
      (st) =>
        `<li id="s-${escapeHtml(st.id)}"><article><p class="muted">${escapeHtml(almatyMinute(st.publishedAt))} · ${escapeHtml(
          nameIn(st.territoryNames, lang),
        )} · ${escapeHtml(nameIn(st.bodyNames, lang))}</p>${paragraphs(st.text[lang] || st.text.ru)}</article></li>`,
    );
  return `<section aria-labelledby="statements"><h2 id="statements">${escapeHtml(
    t(lang, "threat.page.statements"),
  )}</h2><p class="muted">${escapeHtml(t(lang, "threat.page.statementsBasis"))}</p><ol class="history">${items.join("")}</ol></section>`;
}

/** The whole page in one language. */
export function renderPublicPage(model: PublicModel, lang: Locale, historyLimit = 100): string {
  const title = t(lang, "threat.page.title");
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="alternate" type="application/atom+xml" href="/public/cap.atom?lang=${lang}" title="${escapeHtml(t(lang, "threat.page.feed"))}">
${(Object.keys(LANGUAGE_NAMES) as Locale[]).map((l) => `<link rel="alternate" hreflang="${l}" href="/public/${l}">`).join("\n")}
<style>${STYLE}</style>
</head>
<body>
<header>
${languageNav(lang)}
<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(t(lang, "threat.page.intro"))}</p>
</header>
<main>
<section aria-labelledby="current"><h2 id="current">${escapeHtml(t(lang, "threat.page.current"))}</h2>
${regionList(model, lang)}
</section>
${statements(model, lang, 20)}
<section aria-labelledby="legend"><h2 id="legend">${escapeHtml(t(lang, "threat.page.legend"))}</h2>
${legend(lang)}
</section>
<section aria-labelledby="guidance"><h2 id="guidance">${escapeHtml(t(lang, "threat.page.guidance"))}</h2>
<p><strong>${escapeHtml(t(lang, "threat.page.emergency"))}</strong></p>
${guidance(lang)}
</section>
<section aria-labelledby="history"><h2 id="history">${escapeHtml(t(lang, "threat.page.history"))}</h2>
<p><a href="/public/cap.atom?lang=${lang}">${escapeHtml(t(lang, "threat.page.feed"))}</a></p>
${history(model, lang, historyLimit)}
</section>
<section aria-labelledby="basis"><h2 id="basis">${escapeHtml(t(lang, "threat.page.basis"))}</h2>
<ul><li>${escapeHtml(t(lang, "threat.page.decree"))}</li><li>${escapeHtml(t(lang, "threat.page.rules"))}</li></ul>
</section>
</main>
<footer>
<p class="muted">${escapeHtml(t(lang, "threat.page.updated", { date: almatyMinute(model.builtAt) }))}. ${escapeHtml(t(lang, "threat.page.time"))}</p>
</footer>
</body>
</html>
`;
}
