using System;
using System.Threading;
using System.Threading.Tasks;

namespace Banana.Engine.Execution
{
    /// <summary>Runs the stages over a context's feed until the feed is done or the run stops, whoever feeds it.</summary>
    internal static class PipelineRun
    {
        public static async Task RunAsync(BatchContext context, CancellationToken cancellationToken)
        {
            try
            {
                await new BatchPipeline(context).RunAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (context.Keys.ExhaustedBecause is not null && !cancellationToken.IsCancellationRequested)
            {
                // No key is left: that stopped the run and is what the person must act on (thrown by the caller). Whatever
                // a stage tripped over while winding down is secondary, so it is told, not thrown in its place.
                context.Observer.Verbose($"While stopping for want of a usable key: {e.GetType().Name}: {e.Message}");
            }
        }
    }
}
