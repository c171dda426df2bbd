using System;
using System.Management.Automation;
using Banana.Client;
using Banana.Engine;

namespace Banana.PowerShell.Pipeline
{
    /// <summary>
    /// Turns the engine's and client's errors into ErrorRecords whose FullyQualifiedErrorId is the error's stable id,
    /// so scripts and tests can branch on it (<c>Should -Throw -ErrorId ApiKeyRejected</c>).
    /// </summary>
    internal static class ErrorRecords
    {
        public static ErrorRecord From(BananaException exception)
            => new ErrorRecord(exception, exception.ErrorId, CategoryOf(exception.Kind), exception.Target);

        public static ErrorRecord From(GrsaiException exception, object? target)
            => new ErrorRecord(exception, exception.ErrorId, CategoryOf(exception), target);

        /// <summary>An input left out before any credit was spent (not an image, unreadable, too large).</summary>
        public static ErrorRecord From(InputProblem problem)
            => From(new BananaException(problem.ErrorId, problem.Kind, problem.Message, problem.Target));

        /// <summary>A job that ended Failed: the record's target is the result itself, so the whole job is at hand.</summary>
        public static ErrorRecord ForFailedJob(JobResult result)
        {
            var errorId = result.ErrorId ?? "GenerationFailed";
            var record = result.Exception switch
            {
                GrsaiException grsai => new ErrorRecord(grsai, errorId, CategoryOf(grsai), result),
                BananaException banana => new ErrorRecord(banana, errorId, CategoryOf(banana.Kind), result),
                { } other => new ErrorRecord(other, errorId, ErrorCategory.NotSpecified, result),
                null => new ErrorRecord(
                    new BananaException(errorId, BananaErrorKind.GenerationFailed, result.Error ?? "The generation failed."),
                    errorId,
                    ErrorCategory.InvalidResult,
                    result),
            };

            // An error line in a console stands alone, so it names the job; the engine's text says what to do about it
            // (use -Force, change the prompt), which the exception's own message may not.
            record.ErrorDetails = new ErrorDetails($"{JobLabel(result)}: {result.Error ?? record.Exception.Message}");
            return record;
        }

        /// <summary>"photo.jpg x prompt 2", "prompt 2" for a text-only batch job, "photo.jpg" for a single generation.</summary>
        private static string JobLabel(JobResult result)
        {
            var source = string.IsNullOrEmpty(result.SourcePath) ? null : System.IO.Path.GetFileName(result.SourcePath);
            var prompt = result.PromptNumber > 0 ? $"prompt {result.PromptNumber}" : null;
            return source is not null && prompt is not null ? $"{source} x {prompt}"
                : source ?? prompt ?? "text-to-image";
        }

        public static ErrorRecord From(Exception exception, object? target) => exception switch
        {
            BananaException banana => From(banana),
            GrsaiException grsai => From(grsai, target),
            _ => new ErrorRecord(exception, "UnexpectedError", ErrorCategory.NotSpecified, target),
        };

        /// <summary>The one place the engine's error kinds become PowerShell categories.</summary>
        public static ErrorCategory CategoryOf(BananaErrorKind kind) => kind switch
        {
            BananaErrorKind.InvalidInput => ErrorCategory.InvalidArgument,
            BananaErrorKind.InvalidData => ErrorCategory.InvalidData,
            BananaErrorKind.NotFound => ErrorCategory.ObjectNotFound,
            BananaErrorKind.Unreadable => ErrorCategory.ReadError,
            BananaErrorKind.Unwritable => ErrorCategory.WriteError,
            BananaErrorKind.TooLarge => ErrorCategory.LimitsExceeded,
            BananaErrorKind.NoUsableKey => ErrorCategory.AuthenticationError,
            BananaErrorKind.OutOfCredits => ErrorCategory.QuotaExceeded,
            BananaErrorKind.Insecure => ErrorCategory.SecurityError,
            BananaErrorKind.GenerationFailed => ErrorCategory.InvalidResult,
            BananaErrorKind.Busy => ErrorCategory.ResourceBusy,
            _ => ErrorCategory.NotSpecified,
        };

        private static ErrorCategory CategoryOf(GrsaiException exception) => exception switch
        {
            GrsaiAuthenticationException => ErrorCategory.AuthenticationError,
            GrsaiCreditsExhaustedException => ErrorCategory.QuotaExceeded,
            GrsaiModerationException => ErrorCategory.PermissionDenied,
            GrsaiTaskFailedException => ErrorCategory.InvalidResult,
            GrsaiRequestRejectedException => ErrorCategory.InvalidArgument,
            GrsaiTransientException => ErrorCategory.ConnectionError,
            GrsaiTaskNotFoundException => ErrorCategory.ObjectNotFound,
            GrsaiResultExpiredException => ErrorCategory.ResourceUnavailable,
            GrsaiInvalidImageException => ErrorCategory.InvalidData,
            GrsaiProtocolException => ErrorCategory.ProtocolError,
            GrsaiValidationException => ErrorCategory.InvalidArgument,
            ModelCatalogException => ErrorCategory.InvalidData,
            _ => ErrorCategory.NotSpecified,
        };
    }
}
