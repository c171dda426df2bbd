using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Banana.Client;
using Banana.Engine;
using Banana.Engine.Hosting;
using Banana.Engine.Imaging;
using Banana.PowerShell.Pipeline;

namespace Banana.PowerShell.Commands
{
    /// <summary>
    /// Send-BananaImage: uploads local images so generations can reference them by URL. Uploads run concurrently;
    /// results, and errors about bad files, come out in input order.
    /// </summary>
    [Cmdlet(VerbsCommunications.Send, "BananaImage", DefaultParameterSetName = PathParameterSet)]
    [OutputType(typeof(UploadResult))]
    public sealed class SendBananaImageCommand : BananaCommandBase
    {
        private const string PathParameterSet = "Path";
        private const string LiteralPathParameterSet = "LiteralPath";
        private const string FileSystemProviderName = "FileSystem";
        private const int ProgressActivityId = 0x0BA1;

        private readonly Queue<PendingOutput> inInputOrder = new Queue<PendingOutput>();
        private ConcurrentWork? uploads;
        private ProgressBar? progress;
        private BananaEngine? engine;
        private int uploaded;

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathParameterSet,
            ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [SupportsWildcards]
        public string[] Path { get; set; } = Array.Empty<string>();

        [Parameter(Mandatory = true, ParameterSetName = LiteralPathParameterSet, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [Alias("PSPath", "FullName")]
        public string[] LiteralPath { get; set; } = Array.Empty<string>();

        // A string, not the client's enum: see ModuleInitializer for why public types keep to types PowerShell knows.
        [Parameter]
        [ValidateSet(nameof(UploadMethod.Form), nameof(UploadMethod.Presigned), nameof(UploadMethod.DataUri))]
        public string Method { get; set; } = nameof(UploadMethod.Form);

        [Parameter]
        public SwitchParameter Verify { get; set; }

        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = 5;

        [Parameter]
        [ValidateRange(1, long.MaxValue)]
        public long MaxImageBytes { get; set; } = 20L * 1024 * 1024;

        /// <summary>Longest edge, in pixels, of what is sent; a larger photo is sent as a smaller copy.</summary>
        [Parameter]
        [ValidateRange(UploadLimits.SmallestMaxEdge, 16384)]
        public int MaxUploadEdge { get; set; } = UploadLimits.DefaultMaxEdge;

        /// <summary>Largest file, in bytes, sent as it is; a larger one is sent as a re-encoded copy under it.</summary>
        [Parameter]
        [ValidateRange(UploadLimits.SmallestMaxBytes, long.MaxValue)]
        public long MaxUploadBytes { get; set; } = UploadLimits.DefaultMaxBytes;

        protected override void BeginProcessing()
        {
            progress = new ProgressBar(this, ProgressActivityId, "Send-BananaImage");
            engine = CreateEngine(new QueuedBatchObserver(this, null));
            uploads = new ConcurrentWork(Dispatcher);
        }

        protected override void ProcessRecord()
        {
            foreach (var file in ResolveFiles())
            {
                if (ImageInspector.Check(file, MaxImageBytes) is { } problem)
                {
                    Enqueue(PendingOutput.Ready(() => WriteError(ErrorRecords.From(problem))));
                    continue;
                }

                var pending = new PendingOutput();
                Enqueue(pending);
                uploads!.Start(ThrottleLimit, () => UploadAsync(file, StopToken), finished =>
                {
                    pending.Write = OutcomeOf(finished, file);
                    uploaded++;
                    FlushInOrder();
                    ShowProgress();
                });
                ShowProgress();
            }

            Dispatcher.RunPending();
        }

        protected override void EndProcessing()
        {
            uploads!.WaitForAll();
            FlushInOrder();
            progress!.Complete();
        }

        private async Task<UploadResult> UploadAsync(string file, CancellationToken cancellationToken)
        {
            var limits = new UploadLimits(MaxUploadEdge, MaxUploadBytes);
            var (image, verified, sent) = await engine!.UploadAsync(file, UploadMethods.Parse(Method), Verify, limits, cancellationToken).ConfigureAwait(false);
            var where = image.Method == UploadMethod.DataUri ? "inline data URI" : image.Url;
            var what = sent.IsCopy ? $"as a prepared copy: {sent.Reason}" : $"({image.Bytes:N0} bytes)";
            Dispatcher.Post(() => WriteVerbose($"Uploaded '{file}' {what} in {image.Elapsed.TotalSeconds:0.0} s: {where}"));
            return new UploadResult(image, sent, verified);
        }

        /// <summary>Pipeline thread: what to write for one finished upload. A dead key ends the command at once.</summary>
        private Action OutcomeOf(Task<UploadResult> finished, string file)
        {
            if (finished.Status == TaskStatus.RanToCompletion)
            {
                var result = finished.Result;
                if (result.Verified == false)
                {
                    return () =>
                    {
                        WriteObject(result);
                        WriteError(new ErrorRecord(
                            new InvalidDataException($"'{result.Url}' does not serve the bytes of '{file}'. Upload it again or try -Method Presigned."),
                            "UploadVerificationFailed",
                            ErrorCategory.InvalidResult,
                            result));
                    };
                }

                return () => WriteObject(result);
            }

            if (StoppedByUser(finished))
            {
                return () => { };
            }

            var exception = FailureOf(finished);
            switch (exception)
            {
                case BananaException noKeyLeft:
                    ThrowTerminatingError(ErrorRecords.From(noKeyLeft));
                    return () => { };
                case GrsaiException grsai:
                    return () => WriteError(ErrorRecords.From(grsai, file));
                case UnusablePhotoException undecodable:
                    return () => WriteError(new ErrorRecord(undecodable, undecodable.ErrorId, ErrorCategory.InvalidData, file));
                default:
                    return () => WriteError(new ErrorRecord(exception, "UploadFailed", ErrorCategory.ReadError, file));
            }
        }

        private void Enqueue(PendingOutput pending)
        {
            inInputOrder.Enqueue(pending);
            FlushInOrder();
        }

        /// <summary>Writes every finished output at the head of the queue: later uploads wait for earlier ones.</summary>
        private void FlushInOrder()
        {
            while (inInputOrder.Count > 0 && inInputOrder.Peek().Write is { } write)
            {
                inInputOrder.Dequeue();
                write();
            }
        }

        private void ShowProgress()
            => progress!.Update($"{uploaded} uploaded, {uploads!.Running} in progress");

        /// <summary>The files named by -Path (wildcards expanded) or -LiteralPath; unusable names are reported, not thrown.</summary>
        private IEnumerable<string> ResolveFiles()
        {
            var literal = ParameterSetName == LiteralPathParameterSet;
            foreach (var name in literal ? LiteralPath : Path)
            {
                foreach (var file in Resolve(name, literal))
                {
                    yield return file;
                }
            }
        }

        private List<string> Resolve(string name, bool literal)
        {
            var files = new List<string>();
            ProviderInfo provider;
            IEnumerable<string> candidates;
            try
            {
                if (literal)
                {
                    candidates = new[] { SessionState.Path.GetUnresolvedProviderPathFromPSPath(name, out provider, out _) };
                }
                else
                {
                    candidates = GetResolvedProviderPathFromPSPath(name, out provider);
                }
            }
            catch (ItemNotFoundException exception)
            {
                WriteError(new ErrorRecord(exception, "PathNotFound", ErrorCategory.ObjectNotFound, name));
                return files;
            }

            if (provider.Name != FileSystemProviderName)
            {
                WriteError(new ErrorRecord(
                    new ArgumentException($"'{name}' is not a file-system path. Send-BananaImage uploads files."),
                    "NotAFileSystemPath",
                    ErrorCategory.InvalidArgument,
                    name));
                return files;
            }

            var expanded = !literal && WildcardPattern.ContainsWildcardCharacters(name);
            foreach (var candidate in candidates)
            {
                if (Directory.Exists(candidate))
                {
                    // A wildcard that also matches folders (input\*) means "the files here"; a folder named outright is a mistake.
                    if (!expanded)
                    {
                        WriteError(new ErrorRecord(
                            new ArgumentException($"'{candidate}' is a folder. Pipe its files instead: Get-ChildItem '{candidate}' -File | Send-BananaImage"),
                            "PathIsFolder",
                            ErrorCategory.InvalidArgument,
                            candidate));
                    }

                    continue;
                }

                files.Add(candidate);
            }

            return files;
        }

        /// <summary>One input's place in the output order; <see cref="Write"/> is set once its outcome is known.</summary>
        private sealed class PendingOutput
        {
            public Action? Write { get; set; }

            public static PendingOutput Ready(Action write) => new PendingOutput { Write = write };
        }
    }
}
