using System;

namespace Banana.Client.Http
{
    /// <summary>The caller's log sink, behind the redactor: no line reaches it with the key inside.</summary>
    internal sealed class ClientLog
    {
        private readonly Action<string>? sink;

        public ClientLog(Action<string>? sink, KeyRedactor redactor)
        {
            this.sink = sink;
            Redactor = redactor;
        }

        public KeyRedactor Redactor { get; }

        public void Write(string line) => sink?.Invoke(Redactor.Redact(line));
    }
}
