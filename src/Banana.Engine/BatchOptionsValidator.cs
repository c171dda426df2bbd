using Banana.Client;

namespace Banana.Engine
{
    /// <summary>Refuses impossible batch settings before anything is read, uploaded or paid for.</summary>
    internal static class BatchOptionsValidator
    {
        public static void Validate(BatchOptions options)
        {
            try
            {
                ModelCatalog.Validate(options.Model, options.AspectRatio, options.ImageSize);
            }
            catch (GrsaiValidationException e)
            {
                throw new BananaException(e.ErrorId, BananaErrorKind.InvalidInput, e.Message, e.ParameterName, e);
            }

            RequirePositive(options.Count, "Count");
            RequirePositive(options.GenerationConcurrency, "ThrottleLimit");
            RequirePositive(options.UploadConcurrency, "UploadConcurrency");
            RequirePositive(options.DownloadConcurrency, "DownloadConcurrency");
            RequirePositive(options.MaxTaskAttempts, "MaxTaskAttempts");
            if (options.MaxImageBytes <= 0)
            {
                throw Invalid("MaxImageBytes", options.MaxImageBytes);
            }
        }

        private static void RequirePositive(int value, string name)
        {
            if (value < 1)
            {
                throw Invalid(name, value);
            }
        }

        private static BananaException Invalid(string name, long value)
            => new BananaException("InvalidBatchOption", BananaErrorKind.InvalidInput, $"-{name} must be at least 1 (it was {value}).", name);
    }
}
