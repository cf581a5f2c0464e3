using System.Text;

namespace Pipeline.Engine.Paths;

/// <summary>
/// Reads a small text file as <see cref="File.ReadAllText(string)"/> does, without a StreamReader (whose first use
/// costs milliseconds of every start): UTF-8, a byte order mark dropped; a UTF-16 or UTF-32 one goes to File.ReadAllText.
/// </summary>
internal static class TextFile
{
    public static string Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes is [0xFE, 0xFF, ..] or [0xFF, 0xFE, ..] or [0x00, 0x00, 0xFE, 0xFF, ..])
        {
            return File.ReadAllText(path);
        }

        var start = bytes is [0xEF, 0xBB, 0xBF, ..] ? 3 : 0;
        return Encoding.UTF8.GetString(bytes, start, bytes.Length - start);
    }
}
