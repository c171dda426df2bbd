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

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Utf16_without_a_bom_is_recognised_in_either_byte_order(bool bigEndian)
    {
        var bytes = new UnicodeEncoding(bigEndian, byteOrderMark: false).GetBytes(Prompts);

        var prompts = PromptText.ParseLines(PromptText.Decode(bytes));

        Assert.Equal(["换一个自然休闲优雅的pose", "坐在咖啡馆里，阳光明媚", "standing, full body"], prompts);
    }

    [Fact]
    public void Chinese_only_utf16_without_a_bom_is_recognised_by_its_line_breaks()
    {
        const string chinese = "坐在咖啡馆里阳光明媚\r\n换成纯白色背景\r\n";
        var bytes = new UnicodeEncoding(false, false).GetBytes(chinese);

        Assert.Equal(["坐在咖啡馆里阳光明媚", "换成纯白色背景"], PromptText.ParseLines(PromptText.Decode(bytes)));
    }

    [Theory]
    [InlineData("a calm pose", null)]
    [InlineData("tab\tinside", null)]
    [InlineData("nul\0inside", '\0')]
    [InlineData("escape\u001b[31m", '\u001b')]
    public void A_control_character_other_than_tab_is_found(string prompt, char? expected)
        => Assert.Equal(expected, PromptText.ControlCharacter(prompt));
}
