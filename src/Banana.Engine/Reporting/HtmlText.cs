using System.Text;

namespace Banana.Engine.Reporting
{
    /// <summary>HTML escaping for text and attribute values: prompts and error messages are user and server text.</summary>
    internal static class HtmlText
    {
        /// <summary>
        /// Appends <paramref name="text"/> escaped so it is safe both as element content and inside a double- or
        /// single-quoted attribute. Control characters that HTML forbids become U+FFFD instead of breaking the page.
        /// </summary>
        internal static StringBuilder AppendEscaped(this StringBuilder builder, string? text)
        {
            if (text is null)
            {
                return builder;
            }

            foreach (char c in text)
            {
                switch (c)
                {
                    case '&': builder.Append("&amp;"); break;
                    case '<': builder.Append("&lt;"); break;
                    case '>': builder.Append("&gt;"); break;
                    case '"': builder.Append("&quot;"); break;
                    case '\'': builder.Append("&#39;"); break;
                    case '\t':
                    case '\n':
                    case '\r':
                        builder.Append(c);
                        break;
                    default:
                        builder.Append(c < ' ' || c == '\u007F' ? '\uFFFD' : c);
                        break;
                }
            }

            return builder;
        }
    }
}
