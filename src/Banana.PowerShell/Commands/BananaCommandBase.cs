using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Banana.Client;
using Banana.Engine;
using Banana.Engine.Hosting;
using Banana.PowerShell.Pipeline;

namespace Banana.PowerShell.Commands
{
    /// <summary>
    /// What every Banana cmdlet shares: the connection parameters, the pipeline-thread dispatcher, Ctrl+C handling
    /// and the mapping of the engine's errors to ErrorRecords.
    /// </summary>
    public abstract class BananaCommandBase : PSCmdlet, IDisposable
    {
        private static readonly TimeSpan WindDownLimit = TimeSpan.FromSeconds(3);
        private readonly CancellationTokenSource stop = new CancellationTokenSource();

        protected BananaCommandBase() => Dispatcher = new PipelineDispatcher(stop.Token);

        /// <summary>One or more grsai keys; else $env:GRSAI_API_KEY (+ GRSAI_BACKUP_KEYS), else a .env file.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? ApiKey { get; set; }

        /// <summary>The service address; else $env:GRSAI_BASE_URL, else the domestic host.</summary>
        [Parameter]
        [ValidateNotNull]
        public Uri? BaseUri { get; set; }

        /// <summary>Retries of one HTTP call on a transient fault.</summary>
        [Parameter]
        [ValidateRange(0, 20)]
        public int MaxRetries { get; set; } = new GrsaiClientOptions().MaxRetries;

        /// <summary>Seconds one HTTP attempt may take to answer before it counts as a transient fault and is retried.</summary>
        [Parameter]
        [ValidateRange(0.1, 3600.0)]
        public double TimeoutSec { get; set; } = new GrsaiClientOptions().AttemptTimeout.TotalSeconds;

        /// <summary>Seconds before the first retry; each later retry waits about twice as long (with jitter), up to 30 s.</summary>
        [Parameter]
        [ValidateRange(0.0, 300.0)]
        public double RetryIntervalSec { get; set; } = new GrsaiClientOptions().RetryBaseDelay.TotalSeconds;

        internal PipelineDispatcher Dispatcher { get; }

        /// <summary>Cancelled by Ctrl+C (<see cref="StopProcessing"/>) and when the command ends.</summary>
        internal CancellationToken StopToken => stop.Token;

        /// <summary>
        /// True when <paramref name="failed"/> ended because the user pressed Ctrl+C: nothing to report then. Any other
        /// cancellation (a timeout surfacing as TaskCanceledException) is a real error and must not vanish silently.
        /// </summary>
        internal bool StoppedByUser(Task failed) => StopToken.IsCancellationRequested && failed.Status != TaskStatus.RanToCompletion;

        /// <summary>The error behind a task that did not complete, with cancellation made explicit.</summary>
        internal static Exception FailureOf(Task failed)
            => failed.Exception?.GetBaseException() ?? new OperationCanceledException("The operation was cancelled before it finished.");

        public void Dispose()
        {
            // Workers still running (after an error or Ctrl+C) stop here; the token source itself is left to the
            // collector because those workers may still be looking at its token.
            stop.Cancel();
            GC.SuppressFinalize(this);
        }

        protected override void StopProcessing() => stop.Cancel();

        /// <summary>Keys and address from the parameters, the environment or .env; a terminating error when there is no key.</summary>
        internal ConnectionSettings ResolveConnection()
        {
            try
            {
                return ConnectionSettings.Resolve(
                    ApiKey,
                    BaseUri,
                    RequestedApi,
                    SessionState.Path.CurrentFileSystemLocation.Path,
                    Environment.GetEnvironmentVariable,
                    PowerShellWording.Instance);
            }
            catch (BananaException exception)
            {
                ThrowTerminatingError(ErrorRecords.From(exception));
                throw; // not reached: ThrowTerminatingError always throws
            }
        }

        /// <summary>The API a command's -Api asked for; null lets GRSAI_API, .env or the default (draw) decide.</summary>
        internal virtual GrsaiApi? RequestedApi => null;

        /// <summary>
        /// The engine this command talks to, from the resolved keys, address and API and the client tuning of
        /// -MaxRetries, -TimeoutSec and -RetryIntervalSec (and what <see cref="Tune"/> adds). A terminating error when
        /// there is no key.
        /// </summary>
        internal BananaEngine CreateEngine(IBatchObserver observer)
        {
            var connection = ResolveConnection();
            // Which service a run talks to is the first thing to check when it behaves unexpectedly (keys are never shown).
            WriteVerbose($"Service address: {connection.BaseUri.AbsoluteUri} ({connection.ApiKeys.Count} key(s))");
            var tuning = new GrsaiClientOptions
            {
                MaxRetries = MaxRetries,
                AttemptTimeout = TimeSpan.FromSeconds(TimeoutSec),
                RetryBaseDelay = TimeSpan.FromSeconds(RetryIntervalSec),
            };
            Tune(tuning);
            return new BananaEngine(
                new EngineSettings
                {
                    Connection = connection,
                    ClientTuning = tuning,
                    Wording = PowerShellWording.Instance,
                    ClientClockScale = TestClockScale(),
                },
                observer);
        }

        /// <summary>
        /// <c>BANANA_TEST_TIME_SCALE</c>, for the tests and benchmarks against the emulator only (see
        /// <see cref="EngineSettings.ClientClockScale"/>): the real clock unless it is a number between 0 and 1.
        /// </summary>
        private static double TestClockScale()
            => double.TryParse(
                Environment.GetEnvironmentVariable("BANANA_TEST_TIME_SCALE"),
                System.Globalization.NumberStyles.Float,
                System.Globalization.CultureInfo.InvariantCulture,
                out var scale) && scale > 0 && scale < 1 ? scale : 1;

        /// <summary>Adds a command's own client tuning (the spending cmdlets' -SubmitMode).</summary>
        internal virtual void Tune(GrsaiClientOptions tuning)
        {
        }

        /// <summary>
        /// Runs the pipeline thread's queue (results, errors, progress the engine posts) until <paramref name="run"/>
        /// ends. On Ctrl+C nothing may be written any more, but the engine gets a moment to record what it stopped
        /// (a process that exits right after still leaves its manifest final); bounded, so stopping stays prompt.
        /// </summary>
        internal void WaitForEngine(Task run)
        {
            Dispatcher.WakeWhenDone(run);
            try
            {
                Dispatcher.RunUntil(() => run.IsCompleted);
            }
            catch (PipelineStoppedException)
            {
                ((IAsyncResult)run).AsyncWaitHandle.WaitOne(WindDownLimit);
                throw;
            }
        }

        /// <summary>Resolves a file-system path typed by the user against the current location.</summary>
        internal string ResolveFileSystemPath(string path) => SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);

        internal void ThrowTerminating(Exception exception, object? target) => ThrowTerminatingError(ErrorRecords.From(exception, target));
    }
}
