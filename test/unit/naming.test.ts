import { describe, expect, it } from "vitest";
import { commissionNames, enOf, hqNames, kkGenitive, ruGenitive } from "../../src/domain/naming";

describe("names of the bodies made from the territory tree", () => {
  it("declines Kazakh names into the genitive", () => {
    expect(kkGenitive("Абай облысы")).toBe("Абай облысының");
    expect(kkGenitive("Абай ауданы")).toBe("Абай ауданының");
    expect(kkGenitive("Семей Қ.Ә.")).toBe("Семей қаласының");
    expect(kkGenitive("Алматы қ.")).toBe("Алматы қаласының");
  });

  it("declines Russian names into the genitive", () => {
    expect(ruGenitive("Акмолинская область")).toBe("Акмолинской области");
    expect(ruGenitive("Западно-Казахстанская область")).toBe("Западно-Казахстанской области");
    expect(ruGenitive("область Абай")).toBe("области Абай");
    expect(ruGenitive("Абайский район")).toBe("Абайского района");
    expect(ruGenitive("район Ақсуат")).toBe("района Ақсуат");
    expect(ruGenitive("г.Алматы")).toBe("города Алматы");
    expect(ruGenitive("Семей Г.А.")).toBe("города Семей");
  });

  it("builds full names in three languages", () => {
    const t = {
      nameKk: "Алматы қ.",
      nameRu: "г.Алматы",
      nameEn: "Almaty (city)",
      type: "city_republican" as const,
    };
    expect(commissionNames(t)).toEqual({
      kk: "Алматы қаласының терроризмге қарсы комиссиясы",
      ru: "Антитеррористическая комиссия города Алматы",
      en: "Anti-terrorism commission of Almaty city",
    });
    expect(
      hqNames({ ...t, nameKk: "Абай облысы", nameRu: "область Абай", nameEn: "Abay", type: "region" }).en,
    ).toBe("Operational headquarters of Abay region");
    expect(enOf("Almaly", "city_district")).toBe("Almaly district");
  });
});
