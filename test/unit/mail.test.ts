/** Mail settings, backoff and the text of assignment mails (pure; the SMTP path is in integration/mail.test.ts). */
import { describe, expect, it } from "vitest";
import { backoffMs, mailConfigFrom } from "../../src/server/modules/mail/mail.service";
import { composeAssignmentMail, mailedKinds } from "../../src/server/modules/prevention/assignments.mail";

describe("mail settings", () => {
  it("are off without an SMTP URL, and take the server's address for links unless QORGAN_PUBLIC_URL is set", () => {
    expect(mailConfigFrom({}, "http://127.0.0.1:8080")).toBeNull();
    expect(
      mailConfigFrom(
        { smtpUrl: "smtp://u:p@mail.example.kz:587", mailFrom: " Qorgan <q@example.kz> " },
        "http://h:8080",
      ),
    ).toEqual({
      smtpUrl: "smtp://u:p@mail.example.kz:587",
      from: "Qorgan <q@example.kz>",
      publicUrl: "http://h:8080",
    });
    expect(
      mailConfigFrom(
        {
          smtpUrl: "smtps://mail.example.kz",
          mailFrom: "q@example.kz",
          publicUrl: "https://qorgan.example.kz/",
        },
        "http://h:8080",
      )?.publicUrl,
    ).toBe("https://qorgan.example.kz");
  });

  it("refuse half or wrong settings without repeating the URL (it may hold a password)", () => {
    const msg = (s: Parameters<typeof mailConfigFrom>[0]) => {
      try {
        mailConfigFrom(s, "http://h:8080");
        return "accepted";
      } catch (e) {
        return (e as Error).message;
      }
    };
    expect(msg({ smtpUrl: "smtp://u:hunter2@mail.example.kz" })).toMatch(/QORGAN_MAIL_FROM/);
    expect(msg({ mailFrom: "q@example.kz" })).toMatch(/QORGAN_SMTP_URL/);
    expect(msg({ smtpUrl: "http://u:hunter2@mail.example.kz", mailFrom: "q@example.kz" })).toMatch(
      /smtp:\/\//,
    );
    expect(msg({ smtpUrl: "not a url hunter2", mailFrom: "q@example.kz" })).toMatch(/not a URL/);
    expect(msg({ smtpUrl: "smtp://h", mailFrom: "q@example.kz", publicUrl: "qorgan.kz" })).toMatch(
      /QORGAN_PUBLIC_URL/,
    );
    for (const m of [
      msg({ smtpUrl: "smtp://u:hunter2@mail.example.kz" }),
      msg({ smtpUrl: "x hunter2", mailFrom: "a" }),
    ])
      expect(m).not.toContain("hunter2");
  });

  it("back off 30 s, 1 min, 2 min … up to an hour", () => {
    expect([1, 2, 3, 4, 8, 20].map(backoffMs)).toEqual([
      30_000, 60_000, 120_000, 240_000, 3_600_000, 3_600_000,
    ]);
  });
});

describe("assignment mail", () => {
  const a = {
    id: "7f1c0000-0000-4000-8000-000000000001",
    number: "3/2-1",
    deadline: "2026-02-10",
    executor: { kk: "Полиция департаменті", ru: "Департамент полиции", en: "Police Department" },
  };
  it.each(mailedKinds.flatMap((k) => (["kk", "ru", "en"] as const).map((l) => [k, l] as const)))(
    "%s in %s: number, deadline, executor, link and the legal basis (R5), never an untranslated key",
    (kind, locale) => {
      const m = composeAssignmentMail(kind, a, { locale, displayName: "Тестов Т." }, "https://q.example.kz");
      expect(m.subject).toContain(a.number);
      expect(m.text).toContain(a.number);
      expect(m.text).toContain(a.executor[locale]);
      expect(m.text).toContain(`https://q.example.kz/prevention/assignments/${a.id}`);
      expect(m.text).toContain("(R5)");
      expect(m.text).toContain("1404");
      expect(`${m.subject}\n${m.text}`).not.toMatch(/mail\.|\{\{/);
      if (kind !== "escalated") expect(m.subject).toMatch(/2026/);
    },
  );
});
