using System.Text;
using Pipeline.Engine.Paths;

namespace Pipeline.Engine.Tests;

/// <summary>The quick small-file reader reads what File.ReadAllText reads, whatever the byte order mark.</summary>
public sealed class TextFileTests : IDisposable
{
    private readonly string _path = Path.GetTempFileName();

    public void Dispose() => File.Delete(_path);

    public static TheoryData<string> Encodings => new() { "utf-8", "utf-8-bom", "utf-16le", "utf-16be", "utf-32le" };

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Reads_as_File_ReadAllText_does(string encoding)
    {
        const string text = "{ \"Name\": \"naïve — ünïcödé 😀\" }\n";
        var bytes = encoding switch
        {
            "utf-8" => new UTF8Encoding(false).GetBytes(text),
            "utf-8-bom" => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)],
            "utf-16le" => [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)],
            "utf-16be" => [.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(text)],
            _ => [.. Encoding.UTF32.GetPreamble(), .. Encoding.UTF32.GetBytes(text)],
        };
        File.WriteAllBytes(_path, bytes);

        Assert.Equal(File.ReadAllText(_path), TextFile.Read(_path));
        Assert.Equal(text, TextFile.Read(_path));
    }
}
