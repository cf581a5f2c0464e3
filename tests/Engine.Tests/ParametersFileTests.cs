using Pipeline.Engine.Parameters;

namespace Pipeline.Engine.Tests;

/// <summary>
/// The parameters file's quick reader (<see cref="FlatJsonObject"/>) either agrees with System.Text.Json or declines, so
/// the file means the same whichever reads it.
/// </summary>
public sealed class ParametersFileTests
{
    public static TheoryData<string> PlainFiles => new()
    {
        """{ "$schema": "./build.schema.json" }""",
        "{}",
        " \r\n\t{ } \n",
        """{ "Environment": "dev", "Retries": 3, "Ratio": -0.5e+2, "Zero": 0, "DryRun": true, "Verify": false, "Image": null }""",
        """{ "Skip": ["Lint", "Test",], "Mixed": [1, true, null, "x", -2.5E3], "Empty": [] }""",
        "{\n  // the default environment\n  \"Environment\": \"dev\", /* block */ \"Retries\": 2,\n}\n",
        """{ "Text": "quote \" slash \\ solidus \/ tab \t newline \n unicode \u00e9 \u0041 nul \u0000" }""",
        """{ "Same": "first", "Same": "last" }""",
        """{ "Name": "naïve — ünïcödé" }""",
    };

    public static TheoryData<string> DeclinedFiles => new()
    {
        "",
        "[]",
        "\"text\"",
        """{ "Nested": { "a": 1 } }""",
        """{ "Deep": [[1]] }""",
        """{ "Pair": "\ud83d\ude00" }""",
        """{ "Emoji": "😀" }""",
        """{ "Bad": "\x" }""",
        "{ \"Control\": \"a\tb\" }",
        """{ "Number": 01 }""",
        """{ "Number": 1. }""",
        """{ "Number": .5 }""",
        """{ "Number": 1e }""",
        """{ "Number": +1 }""",
        """{ "Literal": truex }""",
        """{ "Literal": True }""",
        """{ "Missing": "comma" "Next": 1 }""",
        """{ "Unclosed": "x" """,
        """{ "A": 1 } trailing""",
        """{ "A": 1 } /* unclosed""",
        """{ 'single': 1 }""",
        """{ Unquoted: 1 }""",
    };

    [Theory]
    [MemberData(nameof(PlainFiles))]
    public void A_plain_file_reads_as_System_Text_Json_reads_it(string text)
    {
        var quick = FlatJsonObject.TryRead(text);

        Assert.NotNull(quick);
        var expected = ParametersFile.ReadWithJsonDocument(text, "p.json").Values;
        var actual = quick.GroupBy(m => ParameterNames.Normalize(m.Key)).Where(g => !g.Key.StartsWith('$'))
            .ToDictionary(g => g.Key, g => g.Last().Value);
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, values) in expected)
        {
            Assert.Equal(values, actual[key]);
        }
    }

    [Theory]
    [MemberData(nameof(DeclinedFiles))]
    public void Anything_else_is_left_to_System_Text_Json(string text) => Assert.Null(FlatJsonObject.TryRead(text));

    [Fact]
    public void A_declined_file_still_reads_through_System_Text_Json()
    {
        var path = Path.Combine(Path.GetTempPath(), $"pipeline-parameters-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """{ "Pair": "\ud83d\ude00", "List": [1, 2] }""");
        try
        {
            var source = ParametersFile.Read(path, "parameters.json");

            Assert.Equal(["😀"], source.Values["pair"]);
            Assert.Equal(["1", "2"], source.Values["list"]);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
