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

            RequirePositive(options.Count, nameof(options.Count));
            RequirePositive(options.GenerationConcurrency, nameof(options.GenerationConcurrency));
            RequirePositive(options.UploadConcurrency, nameof(options.UploadConcurrency));
            RequirePositive(options.DownloadConcurrency, nameof(options.DownloadConcurrency));
            RequirePositive(options.MaxTaskAttempts, nameof(options.MaxTaskAttempts));
            if (options.MaxImageBytes <= 0)
            {
                throw Invalid(nameof(options.MaxImageBytes), options.MaxImageBytes);
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
            => new BananaException("InvalidBatchOption", BananaErrorKind.InvalidInput, $"{nameof(BatchOptions)}.{name} must be at least 1 (it was {value}).", name);
    }
}
