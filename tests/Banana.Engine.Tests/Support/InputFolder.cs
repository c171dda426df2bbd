using System.Text;

namespace Banana.Engine.Tests.Support;

/// <summary>Builds an input folder laid out as the old scripts expect: image/ and text/text.txt.</summary>
internal static class InputFolder
{
    public static string Create(ScratchFolder temp, int images, params string[] prompts)
    {
        var input = temp.Combine("input");
        Directory.CreateDirectory(System.IO.Path.Combine(input, "image"));
        for (var i = 0; i < images; i++)
        {
            TestImages.Write(System.IO.Path.Combine(input, "image", $"photo{i + 1:00}.png"), TestImages.Png(2, 2, (byte)(10 + i), (byte)(i * 7), 99));
        }

        if (prompts.Length > 0)
        {
            WritePrompts(input, string.Join("\n", prompts), new UTF8Encoding(false));
        }

        return input;
    }

    public static void WritePrompts(string input, string text, Encoding encoding)
    {
        var folder = System.IO.Path.Combine(input, "text");
        Directory.CreateDirectory(folder);
        var bytes = encoding.GetPreamble().Concat(encoding.GetBytes(text)).ToArray();
        File.WriteAllBytes(System.IO.Path.Combine(folder, "text.txt"), bytes);
    }
}
