using System.Text;
using Banana.Engine.Planning;
using Xunit;

namespace Banana.Engine.Tests.Inputs;

public sealed class PromptTextTests
{
    private const string Prompts = "# 注释行\n换一个自然休闲优雅的pose\n\n  坐在咖啡馆里，阳光明媚  \r\nstanding, full body\n";

    static PromptTextTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static TheoryData<string> Encodings => new() { "utf-8", "utf-8-bom", "utf-16le-bom", "utf-16be-bom", "gb18030", "gbk" };

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Every_encoding_notepad_saves_decodes_to_the_same_prompts(string encodingName)
    {
        var bytes = encodingName switch
        {
            "utf-8" => new UTF8Encoding(false).GetBytes(Prompts),
            "utf-8-bom" => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(Prompts)],
            "utf-16le-bom" => [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(Prompts)],
            "utf-16be-bom" => [.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(Prompts)],
            "gb18030" => Encoding.GetEncoding(54936).GetBytes(Prompts),
            "gbk" => Encoding.GetEncoding(936).GetBytes(Prompts),
            _ => throw new ArgumentOutOfRangeException(nameof(encodingName)),
        };

        var prompts = PromptText.ParseLines(PromptText.Decode(bytes));

        Assert.Equal(["换一个自然休闲优雅的pose", "坐在咖啡馆里，阳光明媚", "standing, full body"], prompts);
    }

    [Fact]
    public void Comments_and_blank_lines_leave_no_prompt()
        => Assert.Empty(PromptText.ParseLines("# only a comment\n\n   \n#another"));
}
