import { describe, expect, it, vi } from "vitest";
import { addDays, age, formatDate, formatDateTime, instant } from "../src/lib/dates";
import { format } from "../src/lib/i18n";
import { query } from "../src/lib/api";
import { toneOf } from "../src/lib/status";

describe("dates in Asia/Shanghai", () => {
  it("shows an instant on Beijing's calendar, not UTC's", () => {
    // 2026-12-01 23:30 UTC is already 07:30 on 2 December in Beijing.
    expect(formatDate("2026-12-01T23:30:00Z")).toBe("2026-12-02");
    expect(formatDateTime("2026-12-01T23:30:00Z")).toBe("2026-12-02 07:30");
  });
  it("keeps a plain date as it is and empty as empty", () => {
    expect(formatDate("2026-02-28")).toBe("2026-02-28");
    expect(formatDate(null)).toBe("");
  });
  it("adds days on the calendar, across months and years", () => {
    expect(addDays("2026-12-01", -1)).toBe("2026-11-30");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
  });
  it("turns a picked wall time into an instant at +08:00", () => {
    expect(instant("2026-12-02 09:00")).toBe("2026-12-02T09:00:00+08:00");
  });
  it("counts whole years of age on Beijing's today", () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date("2026-06-14T17:00:00Z")); // 01:00 on 15 June in Beijing
    expect(age("1980-06-15")).toBe(46);
    expect(age("1980-06-16")).toBe(45);
    vi.useRealTimers();
  });
});

describe("helpers", () => {
  it("formats named placeholders like the server's catalogue", () => {
    expect(format("共 %(n)s 条", { n: 12 })).toBe("共 12 条");
  });
  it("builds a query of the non-empty values, repeating lists", () => {
    expect(query({ a: 1, b: "", c: null, d: ["x", "y"] })).toBe("?a=1&d=x&d=y");
    expect(query({})).toBe("");
  });
  it("gives one colour per meaning", () => {
    expect(toneOf("not_met")).toBe("danger");
    expect(toneOf("serving")).toBe("success");
    expect(toneOf("whatever")).toBe("info");
    expect(toneOf("x", { x: "warning" })).toBe("warning");
  });
});
