import { writeFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { test, expect, openFreshApp } from './fixtures.ts';
import { manyRulesProject, seedProject } from './projects.ts';

/**
 * Typing in a 200-rule set (issue 12: under 50 ms a keystroke). Each keystroke is timed in the page
 * from its keydown to the next painted frame (requestAnimationFrame, then a task after the frame), and
 * Chromium's Event Timing entries (input to next paint, as INP counts it) are collected beside it, and
 * a Chrome trace gives each keystroke's main-thread CPU time. The figures are reported (annotation and
 * log). The 50 ms budget is asserted on the CPU time from keydown to its frame, always, and on the
 * wall-clock time when the machine gives the renderer its CPU (see the end). `PROFILE=1` also records a
 * CPU profile of the typing (CDP `Profiler`) and logs the functions with the most self time.
 */

const rows = (page: Page) => page.getByRole('list', { name: 'Rules in priority order' }).getByRole('listitem');

interface TypingWindow {
  __typing: number[];
  __events: number[];
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string; data?: { type?: string } };
}
type Trace = { traceEvents: TraceEvent[] } | TraceEvent[];

/**
 * Thread time of the renderer's main-thread tasks after each keydown, up to the next keydown: `path`
 * leaves out timer tasks (the checks that run once typing pauses, the autosave), `all` counts them.
 * On a loaded machine each keystroke takes long enough for the pause timer to fire in between, so `all`
 * is what a very slow typist would pay; `path` is what a keystroke itself costs, including the work
 * deferred past its first frame (the rule list's row). `toFrame` is the thread time from the keydown
 * to the end of the first frame after it (the task with the keydown, any task before the frame, the
 * frame): what the admin waits for, free of the time other processes take the CPU away. `contention`
 * is wall time over thread time of those tasks (1 on an idle machine).
 */
function cpuPerKeystroke(trace: Trace): { path: number[]; all: number[]; toFrame: number[]; contention: number } {
  const events = Array.isArray(trace) ? trace : trace.traceEvents;
  const isKeydown = (e: TraceEvent) => e.name === 'EventDispatch' && e.args?.data?.type === 'keydown';
  const main = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && events.some((k) => k.pid === e.pid && isKeydown(k)));
  if (!main) return { path: [], all: [], toFrame: [], contention: 1 };
  const onMain = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X');
  const keydowns = onMain.filter(isKeydown).map((e) => e.ts).sort((a, b) => a - b);
  const timers = onMain.filter((e) => e.name === 'TimerFire');
  const frames = onMain.filter((e) => e.name === 'WebFrameWidgetImpl::BeginMainFrame');
  const within = (inner: TraceEvent[], t: TraceEvent) => inner.some((x) => x.ts >= t.ts && x.ts < t.ts + (t.dur ?? 0));
  const tasks = onMain
    .filter((e) => e.name === 'ThreadControllerImpl::RunTask')
    .map((t) => ({ end: t.ts + (t.dur ?? 0), wall: (t.dur ?? 0) / 1000, cpu: (t.tdur ?? t.dur ?? 0) / 1000, timer: within(timers, t), frame: within(frames, t) }));
  const sum = (start: number, end: number, withTimers: boolean) =>
    // A task that contains the keydown starts before it: count tasks by their end.
    tasks.filter((t) => t.end > start && t.end <= end && (withTimers || !t.timer)).reduce((total, t) => total + t.cpu, 0);
  const next = (i: number) => keydowns[i + 1] ?? Infinity;
  let wall = 0;
  let cpu = 0;
  const toFrame = keydowns.map((k, i) => {
    const upTo = tasks.filter((t) => t.end > k && t.end <= next(i));
    const first = upTo.findIndex((t) => t.frame);
    const counted = first < 0 ? upTo : upTo.slice(0, first + 1);
    wall += counted.reduce((total, t) => total + t.wall, 0);
    cpu += counted.reduce((total, t) => total + t.cpu, 0);
    return counted.reduce((total, t) => total + t.cpu, 0);
  });
  return { path: keydowns.map((k, i) => sum(k, next(i), false)), all: keydowns.map((k, i) => sum(k, next(i), true)), toFrame, contention: cpu > 0 ? wall / cpu : 1 };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

test('typing a rule name in a 200-rule set stays under 50 ms a keystroke', async ({ page }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await openFreshApp(page);
  await seedProject(page, manyRulesProject());
  await expect(rows(page)).toHaveCount(200, { timeout: 30_000 });
  await rows(page).nth(100).getByRole('button', { name: /^Rule 101$/ }).click();
  const name = page.getByRole('textbox', { name: 'Name', exact: true });
  await expect(name).toHaveValue('Rule 101', { timeout: 60_000 });
  await name.click();
  await page.keyboard.press('End');
  // Let the first analysis and lint of the freshly opened project settle before timing.
  const checks = page.getByRole('button', { name: /^Checks:/ });
  await expect(checks).toHaveAccessibleName(/^Checks: \d+ errors?, \d+ warnings?$/, { timeout: 30_000 });
  await page.waitForTimeout(1500);
  const checksBefore = (await checks.getAttribute('aria-label')) ?? '';

  await page.evaluate(() => {
    const w = window as unknown as TypingWindow;
    w.__typing = [];
    w.__events = [];
    document.addEventListener(
      'keydown',
      () => {
        const start = performance.now();
        requestAnimationFrame(() => setTimeout(() => w.__typing.push(performance.now() - start), 0));
      },
      true,
    );
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) if (entry.name === 'keydown') w.__events.push(entry.duration);
    }).observe({ type: 'event', durationThreshold: 16 } as PerformanceObserverInit);
  });

  const profiling = process.env.PROFILE === '1';
  const session = await page.context().newCDPSession(page);
  await session.send('Performance.enable');
  const metrics = async () => Object.fromEntries((await session.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  const before = await metrics();
  const cdp = profiling ? session : null;
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
  }
  // Chromium's trace gives each main-thread task its thread (CPU) time, which other processes on a
  // loaded machine do not inflate the way they inflate wall-clock time.
  const browser = page.context().browser();
  if (browser) await browser.startTracing(page, { categories: ['toplevel', 'devtools.timeline', 'blink', 'v8.execute'] });
  const typed = ' renamed for the quarterly review';
  for (const ch of typed) {
    await page.keyboard.type(ch);
    await page.waitForTimeout(80);
  }
  // Let the last change settle, so the trace includes the checks that follow a pause.
  await page.waitForTimeout(1000);
  const traceText = browser ? (await browser.stopTracing()).toString('utf8') : '';
  if (process.env.TRACE_OUT) writeFileSync(process.env.TRACE_OUT, traceText);
  const cpu = traceText ? cpuPerKeystroke(JSON.parse(traceText) as Trace) : { path: [], all: [], toFrame: [], contention: 1 };
  if (cdp) {
    const { profile } = await cdp.send('Profiler.stop');
    const self = new Map<string, number>();
    const dt = profile.timeDeltas ?? [];
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    (profile.samples ?? []).forEach((id, i) => {
      const node = byId.get(id);
      if (!node) return;
      const f = node.callFrame;
      const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}`;
      self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0) / 1000);
    });
    const top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25);
    console.log(`self time:\n${top.map(([k, ms]) => `${ms.toFixed(1).padStart(8)} ms  ${k}`).join('\n')}`);
    // Inclusive time: each sample counts once for every function on its stack.
    const parent = new Map<number, number>();
    for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const total = new Map<string, number>();
    (profile.samples ?? []).forEach((id, i) => {
      const seen = new Set<string>();
      for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
        const f = byId.get(at)?.callFrame;
        if (f?.functionName && /^[A-Z][a-z]|^use[A-Z]|lint|evaluate|runTestCases|serialize|whatIf|summar|analy|compile/.test(f.functionName)) seen.add(f.functionName);
      }
      for (const k of seen) total.set(k, (total.get(k) ?? 0) + (dt[i] ?? 0) / 1000);
    });
    const inclusive = [...total.entries()].sort((a, b) => b[1] - a[1]).slice(0, 60);
    console.log(`inclusive time:\n${inclusive.map(([k, ms]) => `${ms.toFixed(1).padStart(8)} ms  ${k}`).join('\n')}`);
  }

  const after = await metrics();
  const per = (key: string) => (((after[key] ?? 0) - (before[key] ?? 0)) * 1000) / typed.length;
  const busy = `main thread per keystroke: tasks ${per('TaskDuration').toFixed(1)} ms (script ${per('ScriptDuration').toFixed(1)}, style ${per('RecalcStyleDuration').toFixed(1)}, layout ${per('LayoutDuration').toFixed(1)})`;
  await expect(rows(page).nth(100)).toHaveAccessibleName(`Priority 101: Rule 101${typed}`);
  // Once typing stops the problem count is the settled one: the same as before for a harmless rename,
  // one error more once the name is emptied.
  await expect(checks).toHaveAccessibleName(checksBefore, { timeout: 30_000 });
  const { samples, events } = await page.evaluate(() => {
    const w = window as unknown as TypingWindow;
    return { samples: w.__typing, events: w.__events };
  });
  const cpuFigure = cpu.path.length
    ? `main-thread CPU from keydown to its frame: median ${median(cpu.toFrame).toFixed(1)} ms, worst ${Math.max(...cpu.toFrame).toFixed(1)} ms; per keystroke with the deferred row: median ${median(cpu.path).toFixed(1)} ms, worst ${Math.max(...cpu.path).toFixed(1)} ms (with the checks after a pause: median ${median(cpu.all).toFixed(1)} ms); CPU contention ${cpu.contention.toFixed(2)}x`
    : 'no trace';
  const figure = `${cpuFigure}; ${busy}; median ${median(samples).toFixed(1)} ms, worst ${Math.max(...samples).toFixed(1)} ms over ${samples.length} keystrokes (keydown to next frame); ${events.length} keydowns over 16 ms by Event Timing${events.length ? `, median ${median(events)} ms` : ''}`;
  test.info().annotations.push({ type: 'typing-200-rules', description: figure });
  console.log(`typing in a 200-rule set: ${figure}`);
  expect(samples).toHaveLength(typed.length);
  await name.fill('');
  const errorsBefore = Number(/(\d+) error/.exec(checksBefore)?.[1] ?? 0);
  await expect(checks).toHaveAccessibleName(new RegExp(`^Checks: ${errorsBefore + 1} errors?,`), { timeout: 30_000 });
  // Issue 12's budget, 50 ms a keystroke. The main thread's own work from a keydown to its frame is
  // thread time, which other processes on a loaded machine do not inflate (about 20 ms here).
  if (cpu.toFrame.length) expect(median(cpu.toFrame), figure).toBeLessThan(50);
  // The wall clock from keydown to the next frame is what the admin sees. It holds the same budget
  // when the renderer has the CPU to itself (contention under 1.25x). With another test worker on the
  // same two cores (CI: about 1.5x) every task is stretched by the contention and the frame may wait a
  // vsync, so the bound scales with the measured contention plus one frame: still a failure for a
  // keystroke that does twice the work, never for a neighbour's load.
  const wallBudget = cpu.contention < 1.25 ? 50 : 50 * Math.min(cpu.contention, 40) + 17;
  expect(median(samples), `${figure}; wall-clock budget ${wallBudget.toFixed(0)} ms`).toBeLessThan(wallBudget);
  // Everything a keystroke costs, the deferred row included, stays within a frame budget too.
  if (cpu.path.length) expect(median(cpu.path), figure).toBeLessThan(120);
});
