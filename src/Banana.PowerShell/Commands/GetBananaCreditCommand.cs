using System;
using System.Globalization;
using System.Threading.Tasks;
using System.Management.Automation;
using Banana.Client;
using Banana.PowerShell.Pipeline;

namespace Banana.PowerShell.Commands
{
    /// <summary>Get-BananaCredit: the remaining credits of each key, labelled "key #1", "key #2"... never by value.</summary>
    [Cmdlet(VerbsCommon.Get, "BananaCredit")]
    [OutputType(typeof(CreditBalance))]
    public sealed class GetBananaCreditCommand : BananaCommandBase
    {
        protected override void EndProcessing()
        {
            var engine = CreateEngine(new QueuedBatchObserver(this, null));
            var queries = new ConcurrentWork(Dispatcher);
            var balances = new CreditBalance?[engine.KeyCount];
            for (var i = 0; i < engine.KeyCount; i++)
            {
                var index = i;
                var label = string.Format(CultureInfo.InvariantCulture, "key #{0}", index + 1);
                queries.Start(
                    engine.KeyCount,
                    () => engine.GetCreditsAsync(index + 1, StopToken),
                    completed =>
                    {
                        if (completed.Status == TaskStatus.RanToCompletion)
                        {
                            balances[index] = new CreditBalance(label, completed.Result, engine.BaseUri);
                        }
                        else if (!StoppedByUser(completed))
                        {
                            // With several keys, one bad key does not hide the others' balances.
                            var error = FailureOf(completed);
                            if (engine.KeyCount == 1)
                            {
                                ThrowTerminatingError(ErrorRecords.From(error, label));
                            }

                            var record = ErrorRecords.From(error, label);
                            record.ErrorDetails = new ErrorDetails($"{label}: {error.Message}");
                            WriteError(record);
                        }
                    });
            }

            queries.WaitForAll();
            foreach (var balance in balances)
            {
                if (balance is not null)
                {
                    WriteObject(balance);
                }
            }
        }
    }
}
