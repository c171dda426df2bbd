using System.Management.Automation;
using Banana.Client;
using Banana.PowerShell.Completion;
using Banana.PowerShell.Pipeline;

namespace Banana.PowerShell.Commands
{
    /// <summary>
    /// The cmdlets that spend credits on generations: -Model, -AspectRatio and -ImageSize with completion, refused
    /// before anything is spent when the service does not offer the combination.
    /// </summary>
    public abstract class GenerationCommandBase : BananaCommandBase
    {
        [Parameter]
        [ArgumentCompleter(typeof(ModelCompleter))]
        [ValidateNotNullOrEmpty]
        public string Model { get; set; } = ModelCatalog.DefaultModel;

        [Parameter]
        [ArgumentCompleter(typeof(AspectRatioCompleter))]
        [ValidateNotNullOrEmpty]
        public string AspectRatio { get; set; } = ModelCatalog.DefaultAspectRatio;

        [Parameter]
        [ArgumentCompleter(typeof(ImageSizeCompleter))]
        public string? ImageSize { get; set; }

        /// <summary>
        /// The most credits this command may spend, by the model catalog's prices: no job is submitted that would take
        /// the estimated spend past it; the rest are not started and stay resumable.
        /// </summary>
        [Parameter]
        [ValidateRange(0.0, 1e15)]
        public double? MaxCredits { get; set; }

        /// <summary>True when the command only says what it would do (-WhatIf, or $WhatIfPreference).</summary>
        internal bool IsWhatIf
            => MyInvocation.BoundParameters.TryGetValue("WhatIf", out var given)
                ? given is SwitchParameter { IsPresent: true }
                : LanguagePrimitives.IsTrue(SessionState.PSVariable.GetValue("WhatIfPreference"));

        /// <summary>
        /// The generation API: Draw (/v1/draw/nano-banana) or Generate (/v1/api/generate); else $env:GRSAI_API or .env,
        /// else Draw. A string, not the client's enum: see ModuleInitializer for why public types keep to types PowerShell knows.
        /// </summary>
        [Parameter]
        [ValidateSet(nameof(GrsaiApi.Draw), nameof(GrsaiApi.Generate))]
        public string? Api { get; set; }

        /// <summary>
        /// Poll (the default): submit for a task id, record it, then poll. Stream: follow the service's stream, as older
        /// versions did (a broken stream still goes on by polling once the id is known).
        /// </summary>
        [Parameter]
        [ValidateSet(nameof(Banana.Client.SubmitMode.Poll), nameof(Banana.Client.SubmitMode.Stream))]
        public string SubmitMode { get; set; } = nameof(Banana.Client.SubmitMode.Poll);

        internal override GrsaiApi? RequestedApi
            => string.IsNullOrEmpty(Api) ? null : (GrsaiApi)System.Enum.Parse(typeof(GrsaiApi), Api, ignoreCase: true);

        internal override void Tune(GrsaiClientOptions tuning)
            => tuning.SubmitMode = (SubmitMode)System.Enum.Parse(typeof(SubmitMode), SubmitMode, ignoreCase: true);

        /// <summary>-ImageSize as the service wants it: absent rather than empty.</summary>
        internal string? RequestedImageSize => string.IsNullOrEmpty(ImageSize) ? null : ImageSize;

        protected override void BeginProcessing()
        {
            try
            {
                // The user's catalog file is read again by every command, so an edit counts without a new session.
                ModelCatalog.Reload();

                // A model the catalog does not know is sent as asked: said once here, never refused.
                if (ModelCatalog.Validate(Model, AspectRatio, RequestedImageSize) is { } warning)
                {
                    WriteWarning(warning);
                }
            }
            catch (GrsaiValidationException exception)
            {
                ThrowTerminatingError(ErrorRecords.From(exception, exception.ParameterName));
            }
            catch (ModelCatalogException exception)
            {
                ThrowTerminatingError(ErrorRecords.From(exception, ModelCatalog.UserCatalogPath));
            }
        }
    }
}
