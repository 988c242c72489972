// vis-timeline on one items file in headless Chromium: start to first render and frame times.
// usage: node bench.mjs ITEMS.json [--frames 60] [--chromium /usr/bin/chromium]
// Prints one JSON object. A frame's cost is the renderer main thread's busy time (the sum of its
// top-level tasks in a Chrome trace) from the call that changes the window (setWindow) to the
// second requestAnimationFrame after it: vis's redraw and the browser's style, layout and paint
// on the main thread, as the issue measured it (Chromium rasterises on other threads, not counted).
// Start is wall time from `new vis.Timeline` to the second animation frame after its first
// 'changed' event, its library (script and style) loaded before the clock runs; "start with
// library" runs the clock from before the page loads the library, in a browser of its own (no
// compiled code left from an earlier load), as ours counts importing the window's modules.
import puppeteer from "puppeteer-core";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const itemsPath = path.resolve(args[0]);
const frames = Number(opt("--frames", "60"));
const executablePath = opt("--chromium", "/usr/bin/chromium");
const startBudgetMs = Number(opt("--start-budget-ms", "300000"));

const launch = () =>
  puppeteer.launch({
    executablePath,
    headless: true,
    args: ["--no-sandbox", "--allow-file-access-from-files", "--window-size=1600,1000"],
    protocolTimeout: startBudgetMs + 600000,
  });
const LIBRARY = {
  script: "node_modules/vis-timeline/standalone/umd/vis-timeline-graph2d.min.js",
  style: "node_modules/vis-timeline/styles/vis-timeline-graph2d.min.css",
};

// A fresh page of the bench at 1600x1000, without vis-timeline loaded yet.
async function openPage(browser) {
  const page = await browser.newPage();
  await page.setViewport({ width: 1600, height: 1000 });
  await page.goto("file://" + path.join(here, "page.html"));
  return page;
}

// In the page: milliseconds to the second animation frame after the timeline's first render, the
// clock started before vis-timeline's script and style are loaded (withLibrary) or after; null
// when it did not render within the budget.
async function timeStart(page, data, withLibrary) {
  return page.evaluate(
    async (data, startBudgetMs, library, withLibrary) => {
      const raf = () => new Promise((r) => requestAnimationFrame(() => r()));
      const load = () =>
        Promise.all([
          new Promise((resolve, reject) => {
            const link = document.createElement("link");
            Object.assign(link, { rel: "stylesheet", href: library.style, onload: resolve, onerror: reject });
            document.head.appendChild(link);
          }),
          new Promise((resolve, reject) => {
            const script = document.createElement("script");
            Object.assign(script, { src: library.script, onload: resolve, onerror: reject });
            document.head.appendChild(script);
          }),
        ]);
      const el = document.getElementById("tl");
      let t0 = performance.now();
      await load();
      if (!withLibrary) t0 = performance.now();
      const firstRender = new Promise((resolve) => {
        window.timeline = new vis.Timeline(el, new vis.DataSet(data.items), new vis.DataSet(data.groups),
          { stack: true, height: "1000px" });
        window.timeline.once("changed", resolve);
      });
      const timedOut = new Promise((r) => setTimeout(() => r("timeout"), startBudgetMs));
      if ((await Promise.race([firstRender, timedOut])) === "timeout") return null;
      await raf();
      await raf();
      return performance.now() - t0;
    },
    data,
    startBudgetMs,
    LIBRARY,
    withLibrary,
  );
}

function pct(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  const k = (s.length - 1) * p;
  const lo = Math.floor(k), hi = Math.ceil(k);
  return s[lo] + (s[hi] - s[lo]) * (k - lo);
}
const stats = (xs) => ({ p50: +pct(xs, 0.5).toFixed(2), p95: +pct(xs, 0.95).toFixed(2), samples: xs.length });

// Main-thread busy milliseconds between consecutive user-timing marks f0, f1, ... (and "end").
function busyPerFrame(trace, count) {
  const events = JSON.parse(Buffer.from(trace).toString("utf8")).traceEvents;
  const marks = events
    .filter((e) => e.cat && e.cat.includes("blink.user_timing") && /^f\d+$|^end$/.test(e.name) && e.ph !== "e")
    .sort((a, b) => a.ts - b.ts);
  const bounds = [...new Map(marks.map((m) => [m.name, m.ts])).values()].sort((a, b) => a - b);
  // the page's main thread is the one that recorded the marks; its top-level tasks are RunTask
  const main = marks.length ? { pid: marks[0].pid, tid: marks[0].tid } : null;
  const topLevel = new Set(["RunTask", "ThreadControllerImpl::RunTask"]);
  const tasks = events.filter((e) => e.ph === "X" && topLevel.has(e.name) && main && e.pid === main.pid && e.tid === main.tid);
  if (process.env.PEER_DEBUG) {
    const names = {};
    for (const e of events) names[e.name] = (names[e.name] || 0) + 1;
    console.error(JSON.stringify({ main, marks: marks.length, bounds: bounds.length, tasks: tasks.length,
      top: Object.entries(names).sort((a, b) => b[1] - a[1]).slice(0, 25) }));
  }
  const out = [];
  for (let i = 0; i + 1 < bounds.length && out.length < count; i++) {
    const [a, b] = [bounds[i], bounds[i + 1]];
    let busy = 0;
    for (const t of tasks) {
      const s = Math.max(t.ts, a), e = Math.min(t.ts + t.dur, b);
      if (e > s) busy += e - s;
    }
    out.push(busy / 1000);
  }
  return out;
}

const fs = await import("node:fs/promises");
const data = JSON.parse(await fs.readFile(itemsPath, "utf8"));
// first, in a browser of its own: the start with the library's load inside the clock
const first = await launch();
let startWithLibrary;
try {
  startWithLibrary = await timeStart(await openPage(first), data, true);
} finally {
  await first.close();
}
const browser = await launch();
try {
  const page = await openPage(browser);
  const start = await timeStart(page, data, false);
  if (start === null) {
    process.stdout.write(JSON.stringify({ events: data.items.length, error: `no first render within ${startBudgetMs / 1000} s` }) + "\n");
  } else {
    const [a, b] = data.span;
    const century = 100 * 365.25 * 864e5, week = 7 * 864e5;
    const jitter = (i) => 1 + ((i % 7) - 3) * 1e-4;
    const windows = {
      overview: Array.from({ length: frames }, (_, i) => [a, b * jitter(i) + a * (1 - jitter(i))]),
      zoom_pan: Array.from({ length: frames }, (_, i) => {
        const width = century * Math.pow(week / century, (Math.floor(i / 2) % 30) / 29);
        const shift = i % 2 ? width / 4 : 0;
        return [data.busiest - width / 2 + shift, data.busiest + width / 2 + shift];
      }),
      deep: Array.from({ length: frames }, (_, i) => [data.deep[0], data.deep[0] + (data.deep[1] - data.deep[0]) * jitter(i)]),
    };
    const answer = { events: data.items.length, start_ms: +start.toFixed(1) };
    if (startWithLibrary !== null) answer.start_with_library_ms = +startWithLibrary.toFixed(1);
    for (const [name, list] of Object.entries(windows)) {
      await page.tracing.start({ categories: ["toplevel", "blink.user_timing", "devtools.timeline"] });
      const wall = await page.evaluate(async (list) => {
        const raf = () => new Promise((r) => requestAnimationFrame(() => r()));
        const out = [];
        for (let i = 0; i < list.length; i++) {
          performance.mark("f" + i);
          const t0 = performance.now();
          window.timeline.setWindow(list[i][0], list[i][1], { animation: false });
          await raf();
          await raf();
          out.push(performance.now() - t0);
        }
        performance.mark("end");
        return out;
      }, list);
      const trace = await page.tracing.stop();
      const busy = busyPerFrame(trace, list.length);
      answer[name] = { ...stats(busy), wall_p50: +pct(wall, 0.5).toFixed(2) };
    }
    process.stdout.write(JSON.stringify(answer) + "\n");
  }
} finally {
  await browser.close();
}
