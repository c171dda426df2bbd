using System;

namespace Banana.Client.Http
{
    /// <summary>The caller's log sink, behind the redactor: no line reaches it with the key inside.</summary>
    internal sealed class ClientLog
    {
        private readonly Action<string>? _sink;

        public ClientLog(Action<string>? sink, KeyRedactor redactor)
        {
            _sink = sink;
            Redactor = redactor;
        }

        public KeyRedactor Redactor { get; }

        public void Write(string line) => _sink?.Invoke(Redactor.Redact(line));
    }
}
