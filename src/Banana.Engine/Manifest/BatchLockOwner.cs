using System;
using System.Diagnostics;

namespace Banana.Engine.Manifest
{
    /// <summary>Who holds (or held) a folder: written as the lock's body and its note.</summary>
    internal sealed class BatchLockOwner
    {
        public int ProcessId { get; set; }
        public string Host { get; set; } = string.Empty;
        public DateTimeOffset StartedAt { get; set; }

        /// <summary>When the process itself started: a reused process id names another process.</summary>
        public DateTimeOffset? ProcessStartedAt { get; set; }

        public bool IsOnThisHost => string.Equals(Host, Environment.MachineName, StringComparison.OrdinalIgnoreCase);

        public static BatchLockOwner ForThisProcess()
        {
            using var process = Process.GetCurrentProcess();
            return new BatchLockOwner
            {
                ProcessId = process.Id,
                Host = Environment.MachineName,
                StartedAt = DateTimeOffset.Now,
                ProcessStartedAt = StartTimeOf(process),
            };
        }

        /// <summary>True when another process on this host, the very one that wrote this, still runs.</summary>
        public bool IsAliveElsewhere()
        {
            if (!IsOnThisHost)
            {
                return false;
            }

            using var current = Process.GetCurrentProcess();
            if (ProcessId == current.Id)
            {
                // This process got the hold from the system, so whatever run of it wrote this has let go.
                return false;
            }

            try
            {
                using var process = Process.GetProcessById(ProcessId);
                if (process.HasExited)
                {
                    return false;
                }

                var started = StartTimeOf(process);
                return ProcessStartedAt is null || started is null
                    || Math.Abs((started.Value - ProcessStartedAt.Value).TotalSeconds) < 2;
            }
            catch (ArgumentException)
            {
                return false;
            }
            catch (InvalidOperationException)
            {
                return false;
            }
        }

        private static DateTimeOffset? StartTimeOf(Process process)
        {
            try
            {
                return new DateTimeOffset(process.StartTime);
            }
#pragma warning disable CA1031 // not knowing when a process started only weakens the reuse check; it never stops a run
            catch (Exception)
#pragma warning restore CA1031
            {
                return null;
            }
        }
    }
}
