/** A month of exercises as a grid (Monday first), with the way to the month before and after. */
import { Button, Group, Text } from "@mantine/core";
import dayjs from "dayjs";
import { useTranslation } from "react-i18next";
import type { ExerciseView } from "../../api/types";

export type Month = { y: number; m: number };

const pad = (n: number) => String(n).padStart(2, "0");

/** The first and last day of a month, as ISO dates. */
export function monthRange({ y, m }: Month): { from: string; to: string; last: number } {
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${y}-${pad(m)}-01`, to: `${y}-${pad(m)}-${pad(last)}`, last };
}

export function shiftMonth({ y, m }: Month, d: number): Month {
  const n = m + d;
  return n < 1 ? { y: y - 1, m: 12 } : n > 12 ? { y: y + 1, m: 1 } : { y, m: n };
}

export function ExerciseCalendar({
  month,
  items,
  onShift,
}: {
  month: Month;
  items: ExerciseView[];
  onShift: (d: number) => void;
}) {
  const { t, i18n } = useTranslation();
  const { last } = monthRange(month);
  const lead = (new Date(Date.UTC(month.y, month.m - 1, 1)).getUTCDay() + 6) % 7; // Monday first
  // dayjs's kk/ru/en month and day names (the ones the date pickers use): ICU's kk data renders "2026 M12".
  const first = dayjs(`${monthRange(month).from}T12:00:00`).locale(i18n.language);
  const name = first.format("MMMM YYYY");
  const monthName = name.charAt(0).toLocaleUpperCase(i18n.language) + name.slice(1);
  const weekdays = Array.from({ length: 7 }, (_, i) => first.day((i + 1) % 7).format("dd"));
  const byDay = new Map<number, ExerciseView[]>();
  for (const e of items) {
    const d = Number(e.date.slice(8, 10));
    byDay.set(d, [...(byDay.get(d) ?? []), e]);
  }
  return (
    <>
      <Group>
        <Button
          variant="subtle"
          onClick={() => onShift(-1)}
          aria-label={t("exercises.prevMonth")}
          data-testid="month-prev"
        >
          ←
        </Button>
        <Text fw={600} w={200} ta="center" data-testid="month-name">
          {monthName}
        </Text>
        <Button
          variant="subtle"
          onClick={() => onShift(1)}
          aria-label={t("exercises.nextMonth")}
          data-testid="month-next"
        >
          →
        </Button>
      </Group>
      <div
        style={{ display: "grid", gridTemplateColumns: "repeat(7, minmax(0, 1fr))", gap: 4 }}
        data-testid="exercise-calendar"
      >
        {weekdays.map((w) => (
          <Text key={w} size="xs" c="dimmed" ta="center" data-testid="calendar-weekday">
            {w}
          </Text>
        ))}
        {lead > 0 && <div style={{ gridColumn: `span ${lead}` }} />}
        {Array.from({ length: last }, (_, i) => i + 1).map((d) => (
          <div
            key={d}
            style={{
              minHeight: 56,
              border: "1px solid var(--mantine-color-gray-3)",
              borderRadius: 4,
              padding: 4,
              background: byDay.has(d) ? "var(--mantine-color-blue-light)" : undefined,
            }}
          >
            <Text size="xs" c="dimmed">
              {d}
            </Text>
            {(byDay.get(d) ?? []).map((e) => (
              <Text key={e.id} size="xs" lineClamp={1} data-testid="calendar-item">
                {t(`exerciseKind.${e.kind}`)}: {e.title}
              </Text>
            ))}
          </div>
        ))}
      </div>
    </>
  );
}
