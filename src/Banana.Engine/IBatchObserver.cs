namespace Banana.Engine
{
    /// <summary>
    /// Receives a batch's events. Called from worker threads: a PowerShell implementation queues them and writes
    /// them on the pipeline thread.
    /// </summary>
    public interface IBatchObserver
    {
        void JobFinished(JobResult result);
        void InputRejected(InputProblem problem);
        void ProgressChanged(BatchProgress progress);
        void Warning(string message);
        void Verbose(string message);
    }
}
