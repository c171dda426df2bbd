using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using Banana.Client;
using Banana.Engine;
using Banana.Engine.Hosting;
using Banana.PowerShell.Pipeline;

namespace Banana.PowerShell.Commands
{
    /// <summary>
    /// Invoke-BananaGenerate: one generation per pipeline input (an uploaded image or URLs), or one text-to-image
    /// generation when no image is given. Each input becomes a job of the engine's pipeline as it arrives (every key,
    /// up to -ThrottleLimit generations per key at once) and each result is emitted as it finishes; a failed job is a
    /// non-terminating error and still yields its (Failed) result. No key left stops the command.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "BananaGenerate", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(JobResult))]
    public sealed class InvokeBananaGenerateCommand : GenerationCommandBase
    {
        private const int ProgressActivityId = 0x0BA2;

        private ProgressBar? progress;
        private GenerationStream? stream;

        // -WhatIf: what the jobs seen so far would cost, said once at the end.
        private int whatIfJobs;
        private long whatIfCredits;
        private bool whatIfPriceUnknown;

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
        public int MaxTaskAttempts { get; set; } = new GenerationOptions().MaxTaskAttempts;

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
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
            if (IsWhatIf)
            {
                whatIfJobs++;
                var price = ModelCatalog.CostPerImage(Model);
                whatIfCredits += price ?? 0;
                whatIfPriceUnknown |= price is null;
            }

            if (!ShouldProcess(target, $"Generate with {Model}, {AspectRatio}{CostNote()}: '{Prompt}'"))
            {
                return;
            }

            // Added here, on the pipeline thread and in input order: the job claims its file name now.
            Stream().Add(new GenerationJob(Prompt, Model, AspectRatio, RequestedImageSize, urls, source));
            Dispatcher.RunPending();
            StopIfNoKeyLeft();
        }

        protected override void EndProcessing()
        {
            if (stream is null)
            {
                if (whatIfJobs > 0)
                {
                    // The total, as one more What if line: "3 job(s): about 3,600 credits in total".
                    ShouldProcess($"{whatIfJobs:N0} job(s)", WhatIfTotal());
                }

                return;
            }

            stream.Complete();
            WaitForEngine(stream.Completion);
            Dispatcher.RunPending();
            progress!.Complete();
            if (stream.StoppedByBudget)
            {
                WriteWarning($"The credit budget of {MaxCredits:N0} stopped the command: {stream.NotStarted:N0} job(s) not started "
                    + $"(about {stream.CreditsEstimated:N0} credits estimated for what was submitted). Run them again with a higher -MaxCredits.");
            }

            StopIfNoKeyLeft();
        }

        private string WhatIfTotal()
        {
            var total = whatIfPriceUnknown ? "credits unknown for some jobs (the model catalog has no price for their model)"
                : $"about {whatIfCredits:N0} credits in total (catalog prices{(ModelCatalog.CheckedOn is { } day ? " of " + day : string.Empty)})";
            var budget = MaxCredits is { } cap && !whatIfPriceUnknown && whatIfJobs > 0
                ? $"; -MaxCredits {cap:N0} lets {Math.Min(whatIfJobs, (int)Math.Floor(cap / Math.Max(1, whatIfCredits / (double)whatIfJobs))):N0} of them through"
                : string.Empty;
            return $"Generate {whatIfJobs:N0} job(s) for {total}{budget}";
        }

        /// <summary>The engine's pipeline, started with the first job, so that -WhatIf needs no key and creates no folder.</summary>
        private GenerationStream Stream()
        {
            if (stream is null)
            {
                var engine = CreateEngine(new QueuedBatchObserver(this, progress!));
                stream = engine.StartGenerations(
                    new GenerationOptions
                    {
                        OutputDirectory = OutputPath is null ? null : PrepareOutputDirectory(OutputPath),
                        Force = Force,
                        MaxTaskAttempts = MaxTaskAttempts,
                        Concurrency = ThrottleLimit,
                        MaxCredits = MaxCredits,
                    },
                    StopToken);
            }

            return stream;
        }

        /// <summary>Once the pipeline stopped for want of a usable key (or failed), no later job could succeed.</summary>
        private void StopIfNoKeyLeft()
        {
            if (stream?.Completion is { IsCompleted: true } run && run.Status != TaskStatus.RanToCompletion && !StoppedByUser(run))
            {
                Dispatcher.RunPending();
                ThrowTerminatingError(ErrorRecords.From(FailureOf(run), null));
            }
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

        private string CostNote()
            => ModelCatalog.CostPerImage(Model) is { } credits ? $" (about {credits} credits)" : string.Empty;

        /// <summary>A URL as a person wants to read it: a data URI is a whole image, not something to print.</summary>
        private static string ShortName(string url)
            => url.StartsWith("data:", StringComparison.OrdinalIgnoreCase) ? $"inline image ({url.Length / 1024:N0} KB)" : url;

        private static bool IsUsableUrl(string url)
            => url.StartsWith("data:image/", StringComparison.OrdinalIgnoreCase)
               || (Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp));
    }
}
