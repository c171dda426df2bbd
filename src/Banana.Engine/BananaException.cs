using System;

namespace Banana.Engine
{
    /// <summary>
    /// An error that stops a whole command (no key, rejected key, no credits, missing input folder, unwritable
    /// output folder). <see cref="Kind"/> says what sort of trouble it is; the host maps it to its own categories.
    /// </summary>
    public sealed class BananaException : Exception
    {
        public BananaException(string errorId, BananaErrorKind kind, string message, object? target = null, Exception? inner = null)
            : base(message, inner)
        {
            ErrorId = errorId;
            Kind = kind;
            Target = target;
        }

        public string ErrorId { get; }
        public BananaErrorKind Kind { get; }
        public object? Target { get; }
    }
}
