namespace Banana.Client.Draw
{
    /// <summary>What a final snapshot means for the caller: the result, or the exception that explains why not.</summary>
    internal static class TaskOutcome
    {
        /// <summary>The succeeded snapshot; null while the task is still running; throws for a failed task.</summary>
        public static TaskSnapshot? Resolve(TaskSnapshot snapshot, ServiceErrorMapper errors)
        {
            switch (snapshot.State)
            {
                case TaskState.Succeeded when snapshot.ResultUrls.Count == 0:
                    // Paid for but nothing to download: worth another submission, like a failed task.
                    throw new GrsaiTaskFailedException($"Task {snapshot.Id} succeeded but returned no image.") { TaskId = snapshot.Id };
                case TaskState.Succeeded:
                    return snapshot;
                case TaskState.Failed:
                    throw errors.FromFailedTask(snapshot);
                default:
                    return null;
            }
        }
    }
}
