using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Banana.Client;
using Banana.Engine;
using Banana.PowerShell.Pipeline;

namespace Banana.PowerShell.Commands
{
    /// <summary>
    /// What every Banana cmdlet shares: the connection parameters, the pipeline-thread dispatcher, Ctrl+C handling
    /// and the mapping of the engine's errors to ErrorRecords.
    /// </summary>
    public abstract class BananaCommandBase : PSCmdlet, IDisposable
    {
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
                    SessionState.Path.CurrentFileSystemLocation.Path,
                    Environment.GetEnvironmentVariable);
            }
            catch (BananaException exception)
            {
                ThrowTerminatingError(ErrorRecords.From(exception));
                throw; // not reached: ThrowTerminatingError always throws
            }
        }

        /// <summary>Client options for one key: retries and timeouts from -MaxRetries, -TimeoutSec and -RetryIntervalSec, the client's log as verbose output.</summary>
        internal GrsaiClientOptions CreateClientOptions(ConnectionSettings connection, string apiKey)
        {
            // Stream until the engine chooses the submit mode itself (the client's default is submit-then-poll).
            var options = new GrsaiClientOptions { BaseUri = connection.BaseUri, ApiKey = apiKey, SubmitMode = SubmitMode.Stream };
            ConfigureClient(options);
            options.Log = line => Dispatcher.Post(() => WriteVerbose(line));
            return options;
        }

        /// <summary>
        /// Applies the common client settings; also handed to the batch engine for every key's client. Not the log:
        /// the engine sends its clients' log lines to the batch's verbose stream itself, labelled with their key.
        /// </summary>
        internal void ConfigureClient(GrsaiClientOptions options)
        {
            options.MaxRetries = MaxRetries;
            options.AttemptTimeout = TimeSpan.FromSeconds(TimeoutSec);
            options.RetryBaseDelay = TimeSpan.FromSeconds(RetryIntervalSec);
        }

        /// <summary>Resolves a file-system path typed by the user against the current location.</summary>
        internal string ResolveFileSystemPath(string path) => SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);

        internal void ThrowTerminating(Exception exception, object? target) => ThrowTerminatingError(ErrorRecords.From(exception, target));
    }
}
