using System;
using System.Collections.Generic;
using Banana.Client.Wire;

namespace Banana.Client.Draw
{
    /// <summary>Checks a <see cref="GenerationRequest"/> locally and turns it into the draw body: nothing is spent on a bad one.</summary>
    internal static class DrawRequests
    {
        /// <summary>
        /// Throws <see cref="GrsaiValidationException"/> before any request for what the service would refuse; returns the
        /// catalog's warning for a model it does not know (sent all the same), else null.
        /// </summary>
        public static string? Validate(GenerationRequest request)
        {
            if (request is null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            var warning = ModelCatalog.Validate(request.Model, AspectRatioOf(request), request.ImageSize);
            if (string.IsNullOrWhiteSpace(request.Prompt))
            {
                throw new GrsaiValidationException("The prompt is empty: say what to draw.", "Prompt");
            }

            foreach (var url in request.ImageUrls ?? Array.Empty<string>())
            {
                if (!IsUsableImageReference(url))
                {
                    throw new GrsaiValidationException(
                        $"'{Shorten(url)}' is not an http(s) URL or a data:image URI: upload the image first.", "ImageUrls");
                }
            }

            return warning;
        }

        /// <summary>Stream mode: progress frames on, so the first frame names the task at once.</summary>
        public static DrawRequest ForStream(GenerationRequest request)
        {
            var body = Common(request);
            body.ShutProgress = false;
            body.Cdn = "zh";
            return body;
        }

        /// <summary>Immediate mode: the answer is only the task id, the result comes by polling.</summary>
        public static DrawRequest ForSubmit(GenerationRequest request)
        {
            var body = Common(request);
            body.WebHook = "-1";
            body.Cdn = "zh";
            return body;
        }

        private static DrawRequest Common(GenerationRequest request) => new DrawRequest
        {
            Model = request.Model,
            Prompt = request.Prompt,
            Urls = new List<string>(request.ImageUrls ?? Array.Empty<string>()),
            AspectRatio = AspectRatioOf(request),
            ImageSize = string.IsNullOrEmpty(request.ImageSize) ? null : request.ImageSize,
        };

        public static string AspectRatioOf(GenerationRequest request)
            => string.IsNullOrEmpty(request.AspectRatio) ? ModelCatalog.DefaultAspectRatio : request.AspectRatio;

        private static bool IsUsableImageReference(string? url)
        {
            if (string.IsNullOrWhiteSpace(url))
            {
                return false;
            }

            if (url!.StartsWith("data:image/", StringComparison.OrdinalIgnoreCase))
            {
                return url.IndexOf(";base64,", StringComparison.OrdinalIgnoreCase) > 0;
            }

            return Uri.TryCreate(url, UriKind.Absolute, out var uri)
                && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
        }

        private static string Shorten(string? text)
            => text is null ? string.Empty : text.Length <= 80 ? text : text.Substring(0, 80) + "...";
    }
}
