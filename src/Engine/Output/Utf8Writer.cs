using System.Text;

namespace Pipeline.Engine.Output;

/// <summary>
/// Writes each call's text to the stream as UTF-8 at once (what a StreamWriter with AutoFlush does, without its machinery:
/// a millisecond or two of every start). A surrogate pair split across calls is kept whole. Flush flushes the stream.
/// </summary>
internal sealed class Utf8Writer(Stream stream) : TextWriter
{
    // UTF-8 without a byte order mark; Encoding.Default is that, and naming UTF8Encoding would load another assembly.
    private static readonly Encoding Utf8 = Encoding.Default;
    private char _highSurrogate;

    public override Encoding Encoding => Utf8;

    internal Stream Stream => stream;

    public override void Write(char value) => Write([value]);

    public override void Write(string? value) => Write(value.AsSpan());

    public override void Write(char[] buffer, int index, int count) => Write(buffer.AsSpan(index, count));

    public override void Write(ReadOnlySpan<char> buffer)
    {
        if (_highSurrogate != default)
        {
            char[] joined = [_highSurrogate, .. buffer];
            _highSurrogate = default;
            buffer = joined;
        }

        if (!buffer.IsEmpty && char.IsHighSurrogate(buffer[^1]))
        {
            _highSurrogate = buffer[^1];
            buffer = buffer[..^1];
        }

        if (buffer.IsEmpty)
        {
            return;
        }

        var bytes = new byte[Utf8.GetByteCount(buffer)];
        Utf8.GetBytes(buffer, bytes);
        stream.Write(bytes);
    }

    public override void WriteLine(string? value) => Write((value ?? "") + NewLine);

    public override void Flush() => stream.Flush();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            stream.Dispose();
        }

        base.Dispose(disposing);
    }
}
