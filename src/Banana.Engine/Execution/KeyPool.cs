using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Banana.Client;

namespace Banana.Engine.Execution
{
    /// <summary>
    /// The batch's keys: hands out generation slots (each key up to its adaptive limit, the least busy key first),
    /// retires a key that is rejected or out of credits, and raises <see cref="Exhausted"/> when none is left so the
    /// batch stops at once instead of sending more doomed requests.
    /// </summary>
    internal sealed class KeyPool
    {
        private readonly object gate = new object();
        private readonly List<KeySlot> slots = new List<KeySlot>();
        private readonly IBatchObserver observer;
        private readonly TimeProvider clock;
        private readonly long started;
        private readonly CancellationTokenSource exhausted = new CancellationTokenSource();
        private TaskCompletionSource<bool> changed = NewSignal();
        private int uploadCursor;

        /// <param name="clock">
        /// The clock of the batch's own waits (a key's concurrency recovering after a 429, a rate-limited job's deadline):
        /// the one its clients wait on, so a test can drive them all with a fake clock. The system clock when null.
        /// </param>
        public KeyPool(IBatchObserver observer, TimeProvider? clock = null)
        {
            this.observer = observer;
            this.clock = clock ?? TimeProvider.System;
            started = this.clock.GetTimestamp();
        }

        /// <summary>The clock of the batch's waits and deadlines (see the constructor).</summary>
        public TimeProvider Clock => clock;

        /// <summary>Cancelled when the last key is retired.</summary>
        public CancellationToken Exhausted => exhausted.Token;

        /// <summary>Why the last key was retired, once none is left.</summary>
        public GrsaiException? ExhaustedBecause { get; private set; }

        public IReadOnlyList<KeySlot> Slots => slots;

        public TimeSpan Now => clock.GetElapsedTime(started);

        public KeySlot Add(IGrsaiClient client, int maxConcurrency) => Add(client, GrsaiApi.Draw, null, maxConcurrency);

        /// <summary>Adds a key whose <paramref name="client"/> speaks <paramref name="api"/> (see <see cref="KeySlot.ClientFor"/>).</summary>
        public KeySlot Add(IGrsaiClient client, GrsaiApi api, Func<IGrsaiClient>? otherApiClient, int maxConcurrency)
        {
            var slot = new KeySlot(slots.Count + 1, client, api, otherApiClient, new AdaptiveConcurrency(maxConcurrency, () => Now));
            slots.Add(slot);
            return slot;
        }

        /// <summary>
        /// A generation slot: on key <paramref name="pinnedNumber"/> when given (a recorded task is polled with the key
        /// that submitted it), else on the key with the most room. Null when no suitable key is left.
        /// </summary>
        public async Task<KeySlot?> AcquireAsync(int? pinnedNumber, CancellationToken cancellationToken)
        {
            while (true)
            {
                Task<bool> signal;
                lock (gate)
                {
                    var candidates = Candidates(pinnedNumber);
                    if (candidates.Count == 0)
                    {
                        return null;
                    }

                    var free = candidates
                        .Where(s => s.InUse < s.Concurrency.Limit)
                        .OrderByDescending(s => s.Concurrency.Limit - s.InUse)
                        .ThenBy(s => s.Number)
                        .FirstOrDefault();
                    if (free is not null)
                    {
                        free.InUse++;
                        return free;
                    }

                    signal = changed.Task;
                }

                await signal.WithCancellation(cancellationToken).ConfigureAwait(false);
            }
        }

        public void Release(KeySlot slot)
        {
            lock (gate)
            {
                slot.InUse--;
                slot.Concurrency.TryRecover();
                Pulse();
            }
        }

        /// <summary>A key for an upload, taking turns among the keys still in service; null when none is.</summary>
        public KeySlot? NextForUpload()
        {
            lock (gate)
            {
                for (var i = 0; i < slots.Count; i++)
                {
                    var slot = slots[(uploadCursor + i) % slots.Count];
                    if (!slot.Retired)
                    {
                        uploadCursor = (slot.Number) % slots.Count;
                        return slot;
                    }
                }

                return null;
            }
        }

        /// <summary>
        /// Runs <paramref name="operation"/> on the keys in service, taking turns, until one is not rejected (a rejected
        /// key is retired on the way). Null when no key is left.
        /// </summary>
        public async Task<T?> OnAnyKeyAsync<T>(Func<KeySlot, Task<T>> operation)
            where T : class
        {
            while (true)
            {
                var key = NextForUpload();
                if (key is null)
                {
                    return null;
                }

                try
                {
                    return await operation(key).ConfigureAwait(false);
                }
                catch (GrsaiException e) when (e.DoomsKey)
                {
                    Retire(key, e);
                }
            }
        }

        /// <summary>Takes a key out of service (once); when it was the last, stops the batch.</summary>
        public void Retire(KeySlot slot, GrsaiException reason)
        {
            int left;
            lock (gate)
            {
                if (slot.Retired)
                {
                    return;
                }

                slot.RetiredBecause = reason;
                left = slots.Count(s => !s.Retired);
                if (left == 0)
                {
                    ExhaustedBecause = reason;
                }

                Pulse();
            }

            var why = reason is GrsaiCreditsExhaustedException ? "has run out of credits" : "was rejected by the service";
            observer.Warning(left > 0
                ? $"{slot.Name} {why}; it is retired and its jobs continue on the other {left} key(s)."
                : $"{slot.Name} {why}; no key is left, so the batch stops.");
            if (left == 0)
            {
                exhausted.Cancel();
            }
        }

        /// <summary>A 429 seen by <paramref name="slot"/>'s client: may lower that key's limit.</summary>
        public void RecordThrottle(KeySlot slot)
        {
            int limit;
            lock (gate)
            {
                if (!slot.Concurrency.RecordThrottle())
                {
                    return;
                }

                limit = slot.Concurrency.Limit;
            }

            observer.Verbose($"{slot.Name} keeps getting HTTP 429 (rate limited): running at most {limit} generation(s) at once on it for now.");
        }

        private List<KeySlot> Candidates(int? pinnedNumber)
        {
            if (pinnedNumber is { } number && number >= 1 && number <= slots.Count)
            {
                var pinned = slots[number - 1];

                // Polling costs no credits: a key that only ran out of credits can still fetch what it paid for.
                return !pinned.Retired || pinned.RetiredBecause is GrsaiCreditsExhaustedException
                    ? new List<KeySlot> { pinned }
                    : new List<KeySlot>();
            }

            return slots.Where(s => !s.Retired).ToList();
        }

        private void Pulse()
        {
            var previous = changed;
            changed = NewSignal();
            previous.TrySetResult(true);
        }

        private static TaskCompletionSource<bool> NewSignal()
            => new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
