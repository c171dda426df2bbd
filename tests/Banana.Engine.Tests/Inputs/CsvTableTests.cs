using Banana.Engine.Planning;
using Xunit;

namespace Banana.Engine.Tests.Inputs;

/// <summary>CSV as spreadsheets write it: quotes around commas, doubled quotes, line breaks inside a cell.</summary>
public sealed class CsvTableTests
{
    [Fact]
    public void Quoted_fields_keep_commas_quotes_and_line_breaks_and_records_know_their_line()
    {
        var records = CsvTable.Parse("Images,Prompt\r\na.jpg;b.jpg,\"red, then \"\"blue\"\"\"\r\n,\"two\nlines\"\r\nlast,row");

        Assert.Equal(4, records.Count);
        Assert.Equal(["a.jpg;b.jpg", "red, then \"blue\""], records[1].Fields);
        Assert.Equal(["", "two\nlines"], records[2].Fields);
        Assert.Equal(["last", "row"], records[3].Fields);
        Assert.Equal([1, 2, 3, 5], records.Select(r => r.Line));
    }

    [Fact]
    public void A_trailing_line_break_makes_no_empty_record_but_a_trailing_comma_makes_an_empty_field()
    {
        Assert.Equal(["a", ""], Assert.Single(CsvTable.Parse("a,\n")).Fields);
        Assert.Equal(["", ""], Assert.Single(CsvTable.Parse("\"\",\"\"")).Fields);
    }

    [Theory]
    [InlineData("a,\"never closed\n", "line 1")]
    [InlineData("a,\"closed\"then more\n", "after a closing quote")]
    [InlineData("a,b\"c\n", "does not start with one")]
    public void Broken_quoting_is_reported_not_guessed(string text, string says)
    {
        var e = Assert.Throws<FormatException>(() => CsvTable.Parse(text));
        Assert.Contains(says, e.Message, StringComparison.Ordinal);
    }
}
