using System;
using System.Management.Automation;
using System.Threading.Tasks;
using Banana.Engine;
using Banana.Engine.Imaging;
using Banana.PowerShell.Pipeline;

namespace Banana.PowerShell.Commands
{
    /// <summary>
    /// Start-BananaBatch: every image of <c>-Path\image</c> with every prompt of <c>-Path\text\text.txt</c> (or its own
    /// <c>text\&lt;photo&gt;.txt</c>, or -Prompt; or one to one with -Pairing), or the jobs of a job file (-JobFile),
    /// pipelined and resumable. Emits one result per job as it finishes, then the batch summary.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Start, "BananaBatch", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low,
        DefaultParameterSetName = FolderParameterSet)]
    [OutputType(typeof(JobResult), typeof(BatchSummary), typeof(BatchEstimate))]
    public sealed class StartBananaBatchCommand : GenerationCommandBase
    {
        private const string FolderParameterSet = "Folder";
        private const string JobFileParameterSet = "JobFile";
        private const int ProgressActivityId = 0x0BA3;

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = FolderParameterSet)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = string.Empty;

        [Parameter(Mandatory = true, ParameterSetName = JobFileParameterSet)]
        [ValidateNotNullOrEmpty]
        public string JobFile { get; set; } = string.Empty;

        [Parameter(Position = 1)]
        [ValidateNotNullOrEmpty]
        public string OutputPath { get; set; } = "batch_outputs";

        [Parameter(ParameterSetName = FolderParameterSet)]
        [ValidateNotNullOrEmpty]
        public string[]? Prompt { get; set; }

        // A string, not the engine's enum: see ModuleInitializer for why public types keep to types PowerShell knows.
        [Parameter(ParameterSetName = FolderParameterSet)]
        [ValidateSet(nameof(BatchPairing.CrossProduct), nameof(BatchPairing.OneToOne))]
        public string Pairing { get; set; } = nameof(BatchPairing.CrossProduct);

        [Parameter]
        [ValidateRange(1, 100)]
        public int Count { get; set; } = 1;

        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = 5;

        [Parameter]
        [ValidateRange(1, 64)]
        public int UploadThrottleLimit { get; set; }

        [Parameter]
        [ValidateRange(1, 64)]
        public int DownloadThrottleLimit { get; set; }

        [Parameter]
        [ValidateRange(1, 10)]
        public int MaxTaskAttempts { get; set; } = new BatchOptions().MaxTaskAttempts;

        [Parameter]
        [ValidateRange(1, long.MaxValue)]
        public long MaxImageBytes { get; set; } = new BatchOptions().MaxImageBytes;

        /// <summary>Longest edge, in pixels, of what is sent; a larger photo is sent as a smaller copy (as Send-BananaImage).</summary>
        [Parameter]
        [ValidateRange(UploadLimits.SmallestMaxEdge, 16384)]
        public int MaxUploadEdge { get; set; } = UploadLimits.DefaultMaxEdge;

        /// <summary>Largest file, in bytes, sent as it is; a larger one is sent as a re-encoded copy under it.</summary>
        [Parameter]
        [ValidateRange(UploadLimits.SmallestMaxBytes, long.MaxValue)]
        public long MaxUploadBytes { get; set; } = UploadLimits.DefaultMaxBytes;

        // A string, not the client's enum: see ModuleInitializer for why public types keep to types PowerShell knows.
        [Parameter]
        [ValidateSet(nameof(Banana.Client.UploadMethod.Form), nameof(Banana.Client.UploadMethod.Presigned), nameof(Banana.Client.UploadMethod.DataUri))]
        public string UploadMethod { get; set; } = nameof(Banana.Client.UploadMethod.Form);

        [Parameter]
        public SwitchParameter Force { get; set; }

        private string Intent(string output)
        {
            if (ParameterSetName == JobFileParameterSet)
            {
                return $"Generate the jobs of the job file (rows without their own settings: {Count} x {Model} ({AspectRatio})) into '{output}'";
            }

            var prompts = Prompt is null ? "every prompt of text\\text.txt (or the photo's own text\\<photo>.txt)" : $"{Prompt.Length} prompt(s)";
            var pairing = Pairing.Equals(nameof(BatchPairing.OneToOne), StringComparison.OrdinalIgnoreCase)
                ? $"each image with its prompt, one to one, from {prompts}"
                : $"every image x {prompts}";
            return $"Generate {pairing} x {Count} with {Model} ({AspectRatio}) into '{output}'";
        }

        protected override void ProcessRecord()
        {
            var fromJobFile = ParameterSetName == JobFileParameterSet;
            var input = ResolveFileSystemPath(fromJobFile ? JobFile : Path);
            var output = ResolveFileSystemPath(OutputPath);
            var options = new BatchOptions
            {
                InputPath = fromJobFile ? string.Empty : input,
                JobFile = fromJobFile ? input : null,
                Pairing = (BatchPairing)Enum.Parse(typeof(BatchPairing), Pairing, ignoreCase: true),
                OutputPath = output,
                Prompts = Prompt,
                Model = Model,
                AspectRatio = AspectRatio,
                ImageSize = RequestedImageSize,
                Count = Count,
                GenerationConcurrency = ThrottleLimit,
                // Unless given, both follow the total generation concurrency (keys x -ThrottleLimit).
                UploadConcurrency = MyInvocation.BoundParameters.ContainsKey(nameof(UploadThrottleLimit)) ? UploadThrottleLimit : null,
                DownloadConcurrency = MyInvocation.BoundParameters.ContainsKey(nameof(DownloadThrottleLimit)) ? DownloadThrottleLimit : null,
                MaxTaskAttempts = MaxTaskAttempts,
                MaxImageBytes = MaxImageBytes,
                UploadMethod = UploadMethods.Parse(UploadMethod),
                UploadLimits = new UploadLimits(MaxUploadEdge, MaxUploadBytes),
                MaxCredits = MaxCredits,
                Force = Force,
            };

            var action = Intent(output);
            if (IsWhatIf)
            {
                // Planned as the run would plan it, reading only: the What if line gives the jobs and their price.
                action += ": " + Estimate(options);
            }

            if (!ShouldProcess(input, action))
            {
                return;
            }

            var progress = new ProgressBar(this, ProgressActivityId, $"Start-BananaBatch ({Model})");
            var engine = CreateEngine(new QueuedBatchObserver(this, progress));
            var run = Task.Run(() => engine.RunBatchAsync(options, StopToken));
            WaitForEngine(run);
            progress.Complete();

            if (run.Status == TaskStatus.RanToCompletion)
            {
                WriteObject(run.Result);
            }
            else if (!StoppedByUser(run))
            {
                ThrowTerminatingError(ErrorRecords.From(FailureOf(run), input));
            }
        }

        /// <summary>
        /// The batch's jobs and price, planned without writing or spending anything; also emitted as a BatchEstimate
        /// so a script can read the figures.
        /// </summary>
        private string Estimate(BatchOptions options)
        {
            var engine = CreateEngine(new QueuedBatchObserver(this, null));
            var planning = Task.Run(() => engine.EstimateBatchAsync(options, StopToken));
            WaitForEngine(planning);
            if (planning.Status != TaskStatus.RanToCompletion)
            {
                // -WhatIf tells what would happen: that the batch cannot run is the answer (a warning), not an error.
                if (!StoppedByUser(planning))
                {
                    WriteWarning("The batch could not be planned: " + FailureOf(planning).Message);
                }

                return "jobs and credits unknown: the batch could not be planned (see the warning)";
            }

            WriteObject(planning.Result);
            return CostText.Describe(planning.Result);
        }
    }
}
