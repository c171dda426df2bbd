// How fast a report opens: a batch of 100 photos x 10 prompts = 1,000 results of 2048x2048, the report written once
// with thumbnails and once without, each opened in headless Chromium on the real clock. The page marks DOMContentLoaded
// (ready: cards laid out, filters work) and its load event (the first screen's images decoded) itself.
// Usage: ReportBench <work folder> [results=1000] [--reuse: keep the files and thumbnails of an earlier run, measure the browser only]
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Banana.Engine.Imaging;
using Banana.Engine.Reporting;
using Banana.TestSupport;

string work = Path.GetFullPath(args.Length > 0 ? args[0] : Path.Combine(Path.GetTempPath(), "banana-report-bench"));
int results = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1000;
const int promptsPerPhoto = 10;
const int distinctImages = 10;
const int runs = 3;
bool reuse = args.Contains("--reuse") && Directory.Exists(Path.Combine(work, "output"));

if (Directory.Exists(work) && !reuse)
{
    Directory.Delete(work, recursive: true);
}

string input = Directory.CreateDirectory(Path.Combine(work, "input", "image")).FullName;
string output = Directory.CreateDirectory(Path.Combine(work, "output")).FullName;

// Ten distinct 2K PNGs with a photo's grain (a few MB each, as generated results are), copied under 1,000 names:
// the browser and the thumbnailer still see 1,000 files.
Console.WriteLine(reuse ? $"Reusing the {results} results under {work}..." : $"Writing {results} results of 2048x2048 and {results / promptsPerPhoto} source photos...");
var resultTemplates = Enumerable.Range(0, distinctImages).Select(i => Path.Combine(work, $"result-template-{i}.png")).ToArray();
var sourceTemplates = Enumerable.Range(0, distinctImages).Select(i => Path.Combine(work, $"source-template-{i}.jpg")).ToArray();
Parallel.For(0, reuse ? 0 : distinctImages, i =>
{
    File.WriteAllBytes(resultTemplates[i], TestPhotos.GrainyPng(2048, 2048, seed: i));
    File.WriteAllBytes(sourceTemplates[i], TestPhotos.OrientedJpeg(3000, 4000, orientation: 1, quality: 90, noise: true));
});

var rows = new List<ReportRow>(results);
long resultBytes = 0;
for (int photo = 0; photo < results / promptsPerPhoto; photo++)
{
    string source = Path.Combine(input, $"photo{photo:d3}.jpg");
    if (!reuse)
    {
        File.Copy(sourceTemplates[photo % distinctImages], source);
    }

    for (int prompt = 1; prompt <= promptsPerPhoto; prompt++)
    {
        string result = Path.Combine(output, $"photo{photo:d3}_p{prompt}_1.png");
        if (!reuse)
        {
            File.Copy(resultTemplates[(photo + prompt) % distinctImages], result);
        }

        resultBytes += new FileInfo(result).Length;
        rows.Add(new ReportRow
        {
            JobId = $"{photo}-{prompt}", SourcePath = source, Prompt = $"prompt number {prompt}", PromptNumber = prompt,
            Status = "Succeeded", TaskId = $"14-{photo:d3}{prompt:d2}", Attempts = 1, OutputFiles = [result],
        });
    }
}

Console.WriteLine($"results on disk: {resultBytes / 1024.0 / 1024.0:n0} MB ({resultBytes / rows.Count / 1024.0 / 1024.0:n1} MB each)");

var cache = new ThumbnailCache(output);
var clock = Stopwatch.StartNew();
int made = cache.EnsureAll(rows.SelectMany(row => row.OutputFiles).Concat(rows.Select(row => row.SourcePath!)).Distinct());
double makeSeconds = clock.Elapsed.TotalSeconds;
clock.Restart();
int again = cache.EnsureAll(rows.SelectMany(row => row.OutputFiles).Concat(rows.Select(row => row.SourcePath!)).Distinct());
double reuseSeconds = clock.Elapsed.TotalSeconds;
long thumbBytes = Directory.GetFiles(cache.Directory).Sum(file => new FileInfo(file).Length);
Console.WriteLine($"thumbnails: {made} made in {makeSeconds:n1} s on {Environment.ProcessorCount} cores ({thumbBytes / 1024.0 / 1024.0:n1} MB); "
    + $"a second report reuses them ({again} made, {reuseSeconds:n2} s)");

string withThumbs = Path.Combine(output, "report.html");
string withoutThumbs = Path.Combine(output, "report-full-images.html");
await HtmlReportWriter.WriteAsync(new ReportModel { Summary = Summary(rows.Count), Rows = rows, Thumbnails = cache }, withThumbs);
await HtmlReportWriter.WriteAsync(new ReportModel { Summary = Summary(rows.Count), Rows = rows }, withoutThumbs);

// Chromium's own start: a blank page, so the figures below can be read as "page" rather than "browser".
string blank = Path.Combine(work, "blank.html");
File.WriteAllText(blank, "<!DOCTYPE html><html><body>blank</body></html>");
double browserStart = Median(await Repeat(async () => await WallSeconds(blank)));
Console.WriteLine($"headless Chromium start + blank page: {browserStart:n2} s (wall)");

foreach (var (name, path) in new[] { ("thumbnails", withThumbs), ("full 2K files", withoutThumbs) })
{
    var marks = new List<PageMarks>();
    try
    {
        for (int run = 0; run < runs; run++)
        {
            marks.Add(await OpenAsync(path));
        }
    }
    catch (TimeoutException e)
    {
        Console.WriteLine($"report with {name}: not loaded after {marks.Count} run(s): {e.Message}");
        continue;
    }

    Console.WriteLine($"report with {name}: ready (DOMContentLoaded) {Median(marks.Select(m => m.ReadyMs / 1000.0)):n2} s, "
        + $"first screen loaded (load event) {Median(marks.Select(m => m.LoadMs / 1000.0)):n2} s, "
        + $"wall incl. browser {Median(marks.Select(m => m.WallSeconds)):n2} s; widest image {marks[0].Widest} px; "
        + $"page {new FileInfo(path).Length / 1024:n0} KB (median of {runs})");
}

static ReportSummary Summary(int total) => new() { Total = total, Succeeded = total, Model = "nano-banana-2", AspectRatio = "1:1", ImageSize = "2K" };

static async Task<PageMarks> OpenAsync(string path)
{
    var clock = Stopwatch.StartNew();
    string dom = await HeadlessChromium.DumpDomAsync(new Uri(path).AbsoluteUri, virtualTime: false);
    double wall = clock.Elapsed.TotalSeconds;
    string body = Regex.Match(dom, "<body[^>]*>").Value;
    return new PageMarks(Mark(body, "data-ready-ms"), Mark(body, "data-load-ms"), Mark(body, "data-widest-image"), wall);
}

static async Task<double> WallSeconds(string path)
{
    var clock = Stopwatch.StartNew();
    await HeadlessChromium.DumpDomAsync(new Uri(path).AbsoluteUri, virtualTime: false);
    return clock.Elapsed.TotalSeconds;
}

static async Task<List<double>> Repeat(Func<Task<double>> measure)
{
    var values = new List<double>();
    for (int i = 0; i < runs; i++)
    {
        values.Add(await measure());
    }

    return values;
}

static double Mark(string body, string name)
{
    Match match = Regex.Match(body, name + "=\"(\\d+)\"");
    return match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : double.NaN;
}

static double Median(IEnumerable<double> values)
{
    var sorted = values.OrderBy(v => v).ToArray();
    return sorted[sorted.Length / 2];
}

internal sealed record PageMarks(double ReadyMs, double LoadMs, double Widest, double WallSeconds);
