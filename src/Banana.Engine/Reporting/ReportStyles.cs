namespace Banana.Engine.Reporting
{
    /// <summary>The report's stylesheet, inline so the page needs nothing but itself and the images.</summary>
    internal static class ReportStyles
    {
        internal const string Css = """
:root {
  --ink: #1f2328; --muted: #656d76; --line: #e3e6ea; --page: #f5f6f8; --card: #fff; --well: #eef0f3;
  --succeeded: #1a7f37; --succeeded-bg: #dafbe1;
  --failed: #cf222e; --failed-bg: #ffebe9;
  --skipped: #57606a; --skipped-bg: #eaeef2;
  --cancelled: #9a6700; --cancelled-bg: #fff3c4;
  --other: #8250df; --other-bg: #f3eaff;
  --banana: #f2c230;
}
* { box-sizing: border-box; }
body {
  margin: 0; background: var(--page); color: var(--ink);
  font: 14px/1.5 system-ui, -apple-system, "Segoe UI", "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", sans-serif;
}
.summary { padding: 22px 32px 16px; background: var(--card); border-top: 5px solid var(--banana); }
.title-row { display: flex; flex-wrap: wrap; align-items: baseline; gap: 6px 16px; }
h1 { margin: 0; font-size: 22px; }
.generated { color: var(--muted); }
.bar { display: flex; height: 10px; margin: 14px 0 16px; border-radius: 5px; overflow: hidden; background: var(--well); }
.bar span { display: block; }
.bar .st-succeeded { background: var(--succeeded); }
.bar .st-failed { background: var(--failed); }
.bar .st-skipped { background: #8c959f; }
.bar .st-cancelled { background: #d4a72c; }
.facts { display: flex; flex-wrap: wrap; gap: 8px 32px; margin: 0; }
.facts dt { color: var(--muted); font-size: 11px; letter-spacing: .05em; text-transform: uppercase; }
.facts dd { margin: 0; font-weight: 500; overflow-wrap: anywhere; }
.filters {
  position: sticky; top: 0; z-index: 2; display: flex; flex-wrap: wrap; gap: 8px; padding: 10px 32px;
  background: rgba(245, 246, 248, .94); border-top: 1px solid var(--line); border-bottom: 1px solid var(--line);
}
.chip { font: inherit; padding: 4px 14px; border: 1px solid var(--line); border-radius: 999px; background: var(--card); color: var(--ink); cursor: pointer; }
.chip b { margin-left: 4px; }
.chip[aria-pressed="true"] { border-color: var(--ink); box-shadow: inset 0 0 0 1px var(--ink); }
.st-succeeded { --c: var(--succeeded); --bg: var(--succeeded-bg); }
.st-failed { --c: var(--failed); --bg: var(--failed-bg); }
.st-skipped { --c: var(--skipped); --bg: var(--skipped-bg); }
.st-cancelled { --c: var(--cancelled); --bg: var(--cancelled-bg); }
.st-other { --c: var(--other); --bg: var(--other-bg); }
.chip.st-succeeded, .chip.st-failed, .chip.st-skipped, .chip.st-cancelled { background: var(--bg); color: var(--c); border-color: transparent; }
.chip.st-succeeded[aria-pressed="true"], .chip.st-failed[aria-pressed="true"],
.chip.st-skipped[aria-pressed="true"], .chip.st-cancelled[aria-pressed="true"] { border-color: var(--c); box-shadow: inset 0 0 0 1px var(--c); }
.jobs { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 400px), 1fr)); gap: 16px; padding: 18px 32px 48px; }
.job {
  display: flex; flex-direction: column; gap: 10px; min-width: 0; padding: 12px 16px 14px;
  background: var(--card); border: 1px solid var(--line); border-radius: 10px;
  content-visibility: auto; contain-intrinsic-size: auto 300px;
}
.job[data-status="failed"] { border-color: #f5c2c0; }
.job-head { display: flex; align-items: center; gap: 10px; color: var(--muted); font-size: 12px; }
.status { padding: 1px 10px; border-radius: 999px; background: var(--bg); color: var(--c); font-weight: 600; }
.pnum { color: var(--ink); font-weight: 600; }
.jid, .task, code { font-family: ui-monospace, "Cascadia Mono", Consolas, monospace; font-size: 12px; }
.meta { margin-left: auto; }
.job-foot { display: flex; flex-wrap: wrap; align-items: center; gap: 4px 10px; margin-top: auto; color: var(--muted); font-size: 12px; }
.jid, .task { max-width: 100%; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.task { padding: 0 6px; border-radius: 4px; background: var(--well); }
.prompt {
  margin: 0; font-size: 15px; white-space: pre-wrap; overflow-wrap: anywhere; cursor: pointer;
  display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 3; overflow: hidden;
}
.prompt.open { display: block; }
.media { display: flex; align-items: flex-start; gap: 14px; }
.source { flex: none; margin: 0; padding-right: 14px; border-right: 1px dashed var(--line); }
.source img, .placeholder { display: block; height: 150px; max-width: 160px; object-fit: cover; border-radius: 8px; background: var(--well); }
.placeholder { display: grid; place-items: center; width: 100px; color: #a2a9b1; font: 600 30px Georgia, serif; }
/* width 0 + min-width 100%: the caption takes the image's width instead of stretching the figure to the name's. */
figcaption { width: 0; min-width: 100%; margin-top: 3px; overflow: hidden; color: var(--muted); font-size: 11px; text-overflow: ellipsis; white-space: nowrap; }
.results { display: flex; flex: 1; flex-wrap: wrap; gap: 8px; min-width: 0; }
.result img { display: block; height: 150px; max-width: 100%; border-radius: 8px; background: var(--well); }
.result:hover img { outline: 3px solid var(--banana); }
.no-result {
  display: grid; flex: 1; place-items: center; height: 150px; border: 2px dashed var(--line); border-radius: 8px;
  color: #a2a9b1;
}
img.broken { min-width: 100px; min-height: 150px; padding: 8px; border: 2px dashed var(--failed); color: var(--muted); font-size: 11px; }
.error { margin: 0; padding: 8px 10px; border-radius: 6px; background: var(--failed-bg); color: #82071e; overflow-wrap: anywhere; }
.error code { font-weight: 600; }
.job[data-status="cancelled"] .error { background: var(--cancelled-bg); color: #6b4700; }
.links { margin-left: auto; }
.links a { margin-left: 4px; color: #0969da; }
.empty, .filtered-empty { grid-column: 1 / -1; color: var(--muted); text-align: center; }
.filtered-empty { display: none; }
body.nothing-shown .filtered-empty { display: block; }
body[data-filter="succeeded"] .job:not([data-status="succeeded"]),
body[data-filter="failed"] .job:not([data-status="failed"]),
body[data-filter="skipped"] .job:not([data-status="skipped"]),
body[data-filter="cancelled"] .job:not([data-status="cancelled"]) { display: none; }
""";
    }
}
