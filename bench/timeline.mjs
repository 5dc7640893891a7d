// A Chrome timeline of a page while keys are typed, and what each keystroke cost the page's
// main thread; shared by the benches (web_perf.mjs, search_perf.mjs). Not a test.

/** Runs `run` while Chrome records its timeline (the same events as the DevTools Performance
 * panel) and returns the recorded events. */
export async function traced(page, run) {
  const cdp = await page.context().newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
  const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline,toplevel', transferMode: 'ReportEvents' });
  try {
    await run();
  } finally {
    await cdp.send('Tracing.end');
    await complete;
    await cdp.detach();
  }
  return events;
}

/**
 * What each keystroke costs the page's main thread, from a timeline: from the keydown event
 * until the frame that shows its result is committed to the compositor (the first `Commit`
 * after the key: the input events and the app's update run in the key's own task, so that
 * frame holds them). `busy` counts only the time the thread was running something (input
 * handling, the app's update, style, layout, paint); `toCommit` also counts the idle wait for
 * the display's next refresh. With a 60 Hz display, a keystroke whose `busy` stays under
 * 16.7 ms is on screen at the next refresh.
 */
export function keystrokeWork(events) {
  const slices = events.filter((e) => e.ph === 'X' && typeof e.dur === 'number');
  const isKey = (e) => e.name === 'EventDispatch' && e.args?.data?.type === 'keydown';
  const keyThread = (() => {
    const count = new Map();
    for (const e of slices.filter(isKey)) count.set(`${e.pid}:${e.tid}`, (count.get(`${e.pid}:${e.tid}`) ?? 0) + 1);
    return [...count].sort((a, b) => b[1] - a[1])[0]?.[0];
  })();
  const main = slices.filter((e) => `${e.pid}:${e.tid}` === keyThread).sort((a, b) => a.ts - b.ts);
  const keys = main.filter(isKey);
  const busy = [];
  const toCommit = [];
  keys.forEach((key, i) => {
    const next = keys[i + 1]?.ts ?? Infinity;
    const commit = main.find((e) => e.name === 'Commit' && e.ts > key.ts && e.ts < next);
    if (!commit) return;
    const end = commit.ts + commit.dur;
    // The union of every slice between the key and the end of that commit (slices nest).
    let total = 0;
    let reach = key.ts;
    for (const e of main) {
      if (e.ts + e.dur <= reach || e.ts >= end) continue;
      const from = Math.max(e.ts, reach);
      const to = Math.min(e.ts + e.dur, end);
      if (to > from) {
        total += to - from;
        reach = to;
      }
    }
    busy.push(total / 1000);
    toCommit.push((end - key.ts) / 1000);
  });
  return { busy, toCommit };
}
