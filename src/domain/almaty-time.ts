/**
 * The one way a moment is shown, on pages and in documents, in every language: dd.mm.yyyy HH:mm in
 * Almaty time ("25.11.2026 03:42"). Built from numeric parts: ICU's kk data renders "2026 M11 25" in
 * some runtimes, ru-RU puts a comma after the date and en-US puts the month first.
 */
export const ALMATY_TZ = "Asia/Almaty";

const parts = new Intl.DateTimeFormat("en-GB", {
  timeZone: ALMATY_TZ,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

export function almatyMinute(iso: string | Date): string {
  const p = Object.fromEntries(parts.formatToParts(new Date(iso)).map((x) => [x.type, x.value]));
  return `${p.day}.${p.month}.${p.year} ${p.hour}:${p.minute}`;
}
