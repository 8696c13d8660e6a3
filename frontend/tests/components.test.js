import { afterEach, describe, expect, it, vi } from "vitest";
import { flushPromises, mount } from "@vue/test-utils";
import { reactive } from "vue";
import ElementPlus from "element-plus";
import ListPage from "../src/components/ListPage.vue";
import StatusTag from "../src/components/StatusTag.vue";

function answer(body) {
  return Promise.resolve({ ok: true, status: 200, headers: new Headers({ "Content-Type": "application/json" }), json: () => Promise.resolve(body) });
}

afterEach(() => vi.restoreAllMocks());

describe("StatusTag", () => {
  it("colours a status by its meaning", () => {
    const w = mount(StatusTag, { props: { status: "not_met", label: "未达标" }, global: { plugins: [ElementPlus] } });
    expect(w.text()).toBe("未达标");
    expect(w.find(".el-tag").classes()).toContain("el-tag--danger");
  });
  it("shows work in progress in blue, apart from the console's red", () => {
    const w = mount(StatusTag, { props: { status: "handling", label: "办理中" }, global: { plugins: [ElementPlus] } });
    expect(w.find(".el-tag").classes()).toContain("tone-progress");
    expect(w.find(".el-tag").classes()).not.toContain("el-tag--danger");
  });
});

describe("ListPage", () => {
  const columns = [{ prop: "name", label: "姓名" }];

  it("loads with the filters and shows the capped count as 10000+", async () => {
    const fetch = vi.spyOn(globalThis, "fetch").mockImplementation(() => answer({ count: 10000, count_capped: true, results: [{ id: 1, name: "张三" }] }));
    const filters = reactive({ q: "zs" });
    const w = mount(ListPage, { props: { url: "/api/v1/deputies/", columns, filters, syncUrl: false }, global: { plugins: [ElementPlus] } });
    await flushPromises();
    expect(fetch.mock.calls[0][0]).toBe("/api/v1/deputies/?q=zs&page=1&page_size=20");
    expect(w.find("[data-testid=total]").text()).toContain("10000+");
    expect(w.text()).toContain("张三");
  });

  it("shows the error with a retry instead of an empty table", async () => {
    vi.spyOn(globalThis, "fetch").mockImplementation(() => Promise.resolve({ ok: false, status: 500, headers: new Headers({ "Content-Type": "application/json" }), json: () => Promise.resolve({ message: "服务器出错了" }) }));
    const w = mount(ListPage, { props: { url: "/api/v1/x/", columns, syncUrl: false }, global: { plugins: [ElementPlus] } });
    await flushPromises();
    expect(w.find("[data-testid=list-error]").text()).toContain("服务器出错了");
  });

  it("reads its filters from the address, so a to-do link opens the list filtered", async () => {
    window.history.replaceState(null, "", "/suggestions/board/?overdue=1&status=assigned");
    const fetch = vi.spyOn(globalThis, "fetch").mockImplementation(() => answer({ count: 0, results: [] }));
    const filters = reactive({ overdue: "", status: "" });
    mount(ListPage, { props: { url: "/api/v1/suggestions/", columns, filters }, global: { plugins: [ElementPlus] } });
    await flushPromises();
    expect(filters.overdue).toBe("1");
    expect(fetch.mock.calls[0][0]).toContain("overdue=1");
    expect(fetch.mock.calls[0][0]).toContain("status=assigned");
  });

  it("shows a column named by its key alone (no prop, no format, no slot) from the row's field of that name", async () => {
    vi.spyOn(globalThis, "fetch").mockImplementation(() => answer({ count: 1, results: [{ id: 1, year: 2026, title: "义务教育" }] }));
    const cols = [{ key: "year", label: "年度" }, { key: "title", label: "议题", always: true }];
    const w = mount(ListPage, { props: { url: "/api/v1/x/", columns: cols, syncUrl: false }, global: { plugins: [ElementPlus] } });
    await flushPromises();
    const cells = w.findAll("tbody td").map((td) => td.text());
    expect(cells).toContain("2026");
    expect(cells).toContain("义务教育");
  });
});
