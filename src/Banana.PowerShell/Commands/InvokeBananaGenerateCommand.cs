using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using Banana.Client;
using Banana.Engine;
using Banana.PowerShell.Pipeline;

namespace Banana.PowerShell.Commands
{
    /// <summary>
    /// Invoke-BananaGenerate: one generation per pipeline input (an uploaded image or URLs), or one text-to-image
    /// generation when no image is given. Runs up to -ThrottleLimit generations at once and emits each result as it
    /// finishes; a failed job is a non-terminating error and still yields its (Failed) result.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "BananaGenerate", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(JobResult))]
    public sealed class InvokeBananaGenerateCommand : GenerationCommandBase
    {
        private const int ProgressActivityId = 0x0BA2;

        // Progress (0-100) of each running job, by job number; finished jobs count as 100.
        private readonly Dictionary<int, int> runningProgress = new Dictionary<int, int>();
        private ConcurrentWork? generations;
        private ProgressBar? progress;
        private GenerationRunner? runner;
        private int started;
        private int finished;

        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string Prompt { get; set; } = string.Empty;

        [Parameter(ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Url")]
        public string[]? ImageUrl { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("Path")]
        public string? SourcePath { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? OutputPath { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = 5;

        [Parameter]
        [ValidateRange(1, 10)]
        public int MaxTaskAttempts { get; set; } = new GenerationRunnerOptions().MaxTaskAttempts;

        protected override void BeginProcessing()
        {
            base.BeginProcessing();

            generations = new ConcurrentWork(Dispatcher);
            progress = new ProgressBar(this, ProgressActivityId, $"Invoke-BananaGenerate ({Model})");
        }

        protected override void ProcessRecord()
        {
            if (string.IsNullOrWhiteSpace(Prompt))
            {
                // A blank line in a CSV of jobs: that job is refused, the others go on.
                WriteError(new ErrorRecord(
                    new ArgumentException("The prompt is empty. Describe the picture you want with -Prompt."),
                    "EmptyPrompt",
                    ErrorCategory.InvalidArgument,
                    Prompt));
                return;
            }

            var urls = ImageUrl ?? Array.Empty<string>();
            if (urls.FirstOrDefault(url => !IsUsableUrl(url)) is { } bad)
            {
                WriteError(new ErrorRecord(
                    new ArgumentException(
                        $"'{bad}' is not an http(s) URL or a data URI. Upload local images first: Get-ChildItem <folder> | Send-BananaImage | Invoke-BananaGenerate -Prompt ..."),
                    "InvalidImageUrl",
                    ErrorCategory.InvalidArgument,
                    bad));
                return;
            }

            var source = string.IsNullOrEmpty(SourcePath) ? null : SourcePath;
            var target = source is not null ? System.IO.Path.GetFileName(source)
                : urls.Length == 0 ? "text-to-image"
                : string.Join(", ", urls.Select(ShortName));
            if (!ShouldProcess(target, $"Generate with {Model}, {AspectRatio}{CostNote()}: '{Prompt}'"))
            {
                return;
            }

            var job = started++;
            var spec = new GenerationSpec(Prompt, Model, AspectRatio, RequestedImageSize, urls, source);
            var jobRunner = Runner();
            var prepared = jobRunner.Prepare(spec); // here, in input order: it claims the job's file name
            runningProgress[job] = 0;
            generations!.Start(
                ThrottleLimit,
                () => jobRunner.RunAsync(prepared, new JobProgress(Dispatcher, percent => ShowProgress(job, percent)), StopToken),
                completed => Finish(job, completed, target));
            ShowProgress(job, 0);
            Dispatcher.RunPending();
        }

        protected override void EndProcessing()
        {
            generations!.WaitForAll();
            progress!.Complete();
        }

        /// <summary>The runner, created with the first job, so that -WhatIf needs no key and creates no folder.</summary>
        private GenerationRunner Runner()
        {
            if (runner is null)
            {
                var connection = ResolveConnection();
                var outputDirectory = OutputPath is null ? null : PrepareOutputDirectory(OutputPath);
                var client = new GrsaiClient(CreateClientOptions(connection, connection.ApiKeys[0]));
                runner = new GenerationRunner(client, new GenerationRunnerOptions
                {
                    OutputDirectory = outputDirectory,
                    Force = Force,
                    MaxTaskAttempts = MaxTaskAttempts,
                });
            }

            return runner;
        }

        private string PrepareOutputDirectory(string path)
        {
            var directory = ResolveFileSystemPath(path);
            try
            {
                Directory.CreateDirectory(directory);
            }
            catch (Exception exception) when (exception is IOException || exception is UnauthorizedAccessException)
            {
                ThrowTerminatingError(new ErrorRecord(
                    new IOException($"The output folder '{directory}' cannot be created: {exception.Message} Choose another -OutputPath.", exception),
                    "OutputPathNotWritable",
                    ErrorCategory.WriteError,
                    directory));
            }

            return directory;
        }

        /// <summary>Pipeline thread: writes one finished job; a dead key stops the command, since no later job could succeed.</summary>
        private void Finish(int job, Task<JobResult> completed, string target)
        {
            finished++;
            runningProgress.Remove(job);
            if (completed.Status == TaskStatus.RanToCompletion)
            {
                var result = completed.Result;
                WriteObject(result);
                if (result.Status == JobStatus.Failed)
                {
                    WriteError(ErrorRecords.ForFailedJob(result));
                }
            }
            else if (!StoppedByUser(completed))
            {
                var error = FailureOf(completed);
                if (error is GrsaiException { DoomsKey: true })
                {
                    ThrowTerminatingError(ErrorRecords.From(error, target));
                }

                // Anything else the runner did not turn into a failed result concerns this job only.
                WriteError(ErrorRecords.From(error, target));
            }

            ShowProgress(job, 100);
        }

        private void ShowProgress(int job, int percent)
        {
            if (runningProgress.ContainsKey(job))
            {
                runningProgress[job] = percent;
            }

            var overall = (finished * 100 + runningProgress.Values.Sum()) / Math.Max(1, started);
            var generating = generations!.Running;
            var waiting = started - finished - generating;
            var status = $"{finished} of {started} done, {generating} generating";
            progress!.Update(waiting > 0 ? $"{status}, {waiting} waiting" : status, overall);
        }

        private string CostNote()
            => ModelCatalog.CostPerImage(Model) is { } credits ? $" (about {credits} credits)" : string.Empty;

        /// <summary>A URL as a person wants to read it: a data URI is a whole image, not something to print.</summary>
        private static string ShortName(string url)
            => url.StartsWith("data:", StringComparison.OrdinalIgnoreCase) ? $"inline image ({url.Length / 1024:N0} KB)" : url;

        private static bool IsUsableUrl(string url)
            => url.StartsWith("data:image/", StringComparison.OrdinalIgnoreCase)
               || (Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp));

        /// <summary>Task snapshots from a worker, forwarded to the pipeline thread as a percentage.</summary>
        private sealed class JobProgress : IProgress<TaskSnapshot>
        {
            private readonly PipelineDispatcher dispatcher;
            private readonly Action<int> show;

            public JobProgress(PipelineDispatcher dispatcher, Action<int> show)
            {
                this.dispatcher = dispatcher;
                this.show = show;
            }

            public void Report(TaskSnapshot value) => dispatcher.Post(() => show(value.Progress));
        }
    }
}
