using System.IO;
using System.Management.Automation;
using Banana.Client;
using Banana.PowerShell.Completion;
using Banana.PowerShell.Pipeline;

namespace Banana.PowerShell.Commands
{
    /// <summary>
    /// Get-BananaModel: the model catalog (built-in data laid under the user's own file), so a user sees what is
    /// checked before spending, what it costs, and where to add a model the day grsai ships it. No key, no request.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "BananaModel")]
    [OutputType(typeof(BananaModel))]
    public sealed class GetBananaModelCommand : PSCmdlet
    {
        /// <summary>Model names; wildcards allowed. All models when omitted.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ModelCompleter))]
        [ValidateNotNullOrEmpty]
        [SupportsWildcards]
        public string[]? Name { get; set; }

        protected override void BeginProcessing()
        {
            // Read the user's file afresh: someone who just edited it wants to see the result.
            ModelCatalog.Reload();
            var path = ModelCatalog.UserCatalogPath;
            WriteVerbose(path is null
                ? "No config folder is known here: only the built-in catalog is used."
                : $"User catalog file: {path} ({(File.Exists(path) ? "found, laid over the built-in data" : "not present; create it to add or change models")}).");
        }

        protected override void ProcessRecord()
        {
            try
            {
                var checkedOn = ModelCatalog.CheckedOn;
                var patterns = Name ?? new[] { "*" };
                foreach (var pattern in patterns)
                {
                    var wildcard = WildcardPattern.Get(pattern, WildcardOptions.IgnoreCase);
                    var found = false;
                    foreach (var entry in ModelCatalog.Entries)
                    {
                        if (wildcard.IsMatch(entry.Name))
                        {
                            found = true;
                            WriteObject(new BananaModel(entry, checkedOn));
                        }
                    }

                    if (!found && !WildcardPattern.ContainsWildcardCharacters(pattern))
                    {
                        WriteError(new ErrorRecord(
                            new ItemNotFoundException(
                                $"Model '{pattern}' is not in the catalog. It can still be used (it is sent as asked, with a warning); "
                                + $"add it to {ModelCatalog.UserCatalogPath ?? "a user catalog file"} to have its sizes and ratios checked."),
                            "ModelNotInCatalog",
                            ErrorCategory.ObjectNotFound,
                            pattern));
                    }
                }
            }
            catch (ModelCatalogException exception)
            {
                ThrowTerminatingError(ErrorRecords.From(exception, ModelCatalog.UserCatalogPath));
            }
        }
    }
}
