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
.summary { padding: 20px 24px 16px; background: var(--card); border-top: 5px solid var(--banana); }
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
  position: sticky; top: 0; z-index: 2; display: flex; flex-wrap: wrap; gap: 8px; padding: 10px 24px;
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
.jobs { --frame: 1/1; padding: 16px 24px 48px; }
.group { margin: 0 0 20px; padding: 10px 12px 14px; background: var(--card); border: 1px solid var(--line); border-radius: 12px; }
.group-title { margin: 0 0 10px; font-size: 15px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.group-title span { color: var(--muted); font-weight: 400; }
/* Cards keep their own height (align-items: start): a short card next to a long one leaves no empty box. */
.tiles { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 180px), 1fr)); align-items: start; gap: 14px 12px; }
.job, .source { display: flex; flex-direction: column; gap: 6px; min-width: 0; margin: 0; }
.job { content-visibility: auto; contain-intrinsic-size: auto 380px; }
.frame { display: block; aspect-ratio: var(--frame); border-radius: 8px; background: var(--well); overflow: hidden; }
.frame img { display: block; width: 100%; height: 100%; object-fit: contain; }
a.frame:hover { outline: 3px solid var(--banana); }
.source .frame { background: repeating-linear-gradient(45deg, var(--well) 0 8px, #e6e9ed 8px 16px); }
.results { display: grid; gap: 6px; }
.results.several { grid-template-columns: repeat(auto-fit, minmax(90px, 1fr)); }
.result { min-width: 0; margin: 0; }
figcaption { min-width: 0; margin-top: 3px; }
.source figcaption { display: flex; align-items: baseline; gap: 6px; }
.file { display: block; overflow: hidden; font-size: 12px; font-weight: 600; text-overflow: ellipsis; white-space: nowrap; overflow-wrap: normal; }
.tag { padding: 0 8px; border-radius: 999px; background: #fdf1c7; color: #7a5c00; font-size: 12px; font-weight: 600; }
.no-result { padding: 10px; border: 2px dashed var(--line); background: none; overflow: auto; }
.file.none { margin-top: -3px; color: var(--muted); font-weight: 400; }
.job[data-status="failed"] .no-result { border-color: #f5c2c0; background: var(--failed-bg); }
.job[data-status="cancelled"] .no-result { border-color: #eed888; background: var(--cancelled-bg); }
.job-head { display: flex; flex-wrap: wrap; align-items: center; gap: 2px 8px; color: var(--muted); font-size: 12px; }
.status { padding: 0 8px; border-radius: 999px; background: var(--bg); color: var(--c); font-weight: 600; }
.pnum { color: var(--ink); font-weight: 600; }
.meta { margin-left: auto; }
.prompt {
  margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; cursor: pointer;
  display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 3; overflow: hidden;
}
.prompt.open { display: block; }
.reply { margin: 0; color: var(--muted); font-size: 12px; font-style: italic; white-space: pre-wrap; overflow-wrap: anywhere; }
.charge { padding: 0 6px; border-radius: 999px; background: var(--cancelled-bg); color: #6b4700; }
img.broken { padding: 8px; border: 2px dashed var(--failed); color: var(--muted); font-size: 11px; }
.error { margin: 0; color: #82071e; font-size: 13px; line-height: 1.4; overflow-wrap: anywhere; }
.job > .error { padding: 6px 8px; border-radius: 6px; background: var(--failed-bg); }
.error code { display: inline-block; margin-bottom: 2px; font-weight: 600; }
.job[data-status="cancelled"] .error { color: #6b4700; }
.job-foot { display: flex; flex-direction: column; gap: 1px; color: var(--muted); font-size: 11px; }
.ids { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.jid, .task, code { font-family: ui-monospace, "Cascadia Mono", Consolas, monospace; }
.task { margin-left: 4px; }
.links a { color: #0969da; }
@media (max-width: 700px) {
  .summary { padding: 16px 14px 12px; }
  .filters { padding: 8px 14px; }
  .jobs { padding: 12px 10px 32px; }
  .group { padding: 10px 10px 12px; }
  .tiles { grid-template-columns: repeat(auto-fill, minmax(min(100%, 150px), 1fr)); gap: 12px 10px; }
}
.empty, .filtered-empty { color: var(--muted); text-align: center; }
.filtered-empty { display: none; }
body.nothing-shown .filtered-empty { display: block; }
body[data-filter="succeeded"] .job:not([data-status="succeeded"]),
body[data-filter="failed"] .job:not([data-status="failed"]),
body[data-filter="skipped"] .job:not([data-status="skipped"]),
body[data-filter="cancelled"] .job:not([data-status="cancelled"]),
body[data-filter="succeeded"] .group:not(:has(.job[data-status="succeeded"])),
body[data-filter="failed"] .group:not(:has(.job[data-status="failed"])),
body[data-filter="skipped"] .group:not(:has(.job[data-status="skipped"])),
body[data-filter="cancelled"] .group:not(:has(.job[data-status="cancelled"])) { display: none; }
""";
    }
}
