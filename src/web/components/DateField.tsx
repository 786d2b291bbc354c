/**
 * A date (or date and time) field that follows the page's language, not the browser's: it shows and
 * accepts dd.mm.yyyy [HH:mm] (Asia/Almaty wall time, as typed), has a calendar in kk/ru/en (DatesProvider
 * in LocaleProviders), and also accepts ISO typed or pasted. The value is the same string a native
 * `<input type="date">` / `type="datetime-local"` gives: "YYYY-MM-DD" or "YYYY-MM-DDTHH:mm" ("" when empty).
 */
import { DateInput, type DateInputProps } from "@mantine/dates";
import { useTranslation } from "react-i18next";

const pad = (n: string) => n.padStart(2, "0");

/** "25.12.2026", "25.12.2026 10:00", "2026-12-25", "2026-12-25T10:00" → Mantine's "YYYY-MM-DD[ HH:mm:00]". */
export function parseDateText(text: string, withTime = false): string | null {
  const s = text.trim();
  let m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:[ ,]+(\d{1,2}):(\d{2}))?$/.exec(s);
  let ymd: [string, string, string] | null = m ? [m[3], pad(m[2]), pad(m[1])] : null;
  let hm: [string, string] | null = m?.[4] ? [pad(m[4]), m[5]] : null;
  if (!m) {
    m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::\d{2})?)?$/.exec(s);
    if (!m) return null;
    ymd = [m[1], m[2], m[3]];
    hm = m[4] ? [m[4], m[5]] : null;
  }
  if (!ymd) return null;
  const [y, mo, d] = ymd;
  const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  if (date.getUTCMonth() !== Number(mo) - 1 || date.getUTCDate() !== Number(d)) return null;
  if (hm && (Number(hm[0]) > 23 || Number(hm[1]) > 59)) return null;
  const day = `${y}-${mo}-${d}`;
  return withTime ? `${day} ${hm ? `${hm[0]}:${hm[1]}` : "00:00"}:00` : day;
}

const toMantine = (v: string, withTime: boolean) => (v ? parseDateText(v, withTime) : null);
const fromMantine = (v: string | null, withTime: boolean) =>
  !v ? "" : withTime ? `${v.slice(0, 10)}T${v.slice(11, 16) || "00:00"}` : v.slice(0, 10);

export type DateFieldProps = Omit<
  DateInputProps,
  "value" | "onChange" | "valueFormat" | "dateParser" | "withTime" | "defaultValue"
> & { value: string; onChange: (value: string) => void; withTime?: boolean };

export function DateField({ value, onChange, withTime = false, placeholder, ...rest }: DateFieldProps) {
  const { t } = useTranslation();
  return (
    <DateInput
      {...rest}
      withTime={withTime}
      valueFormat={withTime ? "DD.MM.YYYY HH:mm" : "DD.MM.YYYY"}
      placeholder={placeholder ?? t(withTime ? "a11y.dateTimeFormat" : "a11y.dateFormat")}
      dateParser={(s) => parseDateText(s, withTime)}
      value={toMantine(value, withTime)}
      onChange={(v) => onChange(fromMantine(v, withTime))}
      clearable={rest.clearable ?? !rest.required}
    />
  );
}
