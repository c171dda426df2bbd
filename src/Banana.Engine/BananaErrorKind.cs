namespace Banana.Engine
{
    /// <summary>
    /// What sort of trouble a <see cref="BananaException"/> or an <see cref="InputProblem"/> is, in the engine's terms.
    /// The PowerShell layer maps each kind to an ErrorCategory; the engine knows nothing of PowerShell.
    /// </summary>
    public enum BananaErrorKind
    {
        /// <summary>A value given by the caller is not acceptable (a setting, an address, an empty prompt list).</summary>
        InvalidInput,

        /// <summary>A file's content is not what it must be (not an image, an empty prompt file, a damaged manifest).</summary>
        InvalidData,

        /// <summary>A file or folder that must exist does not.</summary>
        NotFound,

        /// <summary>A file exists but cannot be read.</summary>
        Unreadable,

        /// <summary>A file or folder cannot be written.</summary>
        Unwritable,

        /// <summary>An input is larger than allowed.</summary>
        TooLarge,

        /// <summary>No key was given, or every key was rejected.</summary>
        NoUsableKey,

        /// <summary>Every key ran out of credits.</summary>
        OutOfCredits,

        /// <summary>The key would travel unencrypted.</summary>
        Insecure,

        /// <summary>A generation ended without a usable result.</summary>
        GenerationFailed,

        /// <summary>Something else holds what this needs (another batch runs on the same output folder).</summary>
        Busy,
    }
}
