using System.Text;

namespace Pipeline.Engine.Output;

/// <summary>
/// The output sink: buffers text up to each line end and masks secrets before it reaches the console or the log, so a
/// secret split across several writes is still masked and no code path can forget.
/// </summary>
public sealed class MaskingTextWriter(TextWriter inner, SecretMasker masker, TextWriter? copy = null) : TextWriter
{
    private readonly StringBuilder _line = new();
    private readonly Lock _gate = new();

    public override Encoding Encoding => inner.Encoding;

    public override void Write(char value)
    {
        lock (_gate)
        {
            _line.Append(value);
            if (value == '\n')
            {
                Emit();
            }
        }
    }

    public override void Write(string? value)
    {
        if (value is null)
        {
            return;
        }

        lock (_gate)
        {
            _line.Append(value);
            if (value.Contains('\n', StringComparison.Ordinal))
            {
                Emit();
            }
        }
    }

    public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

    public override void WriteLine(string? value) => Write((value ?? "") + "\n");

    public override void Flush()
    {
        lock (_gate)
        {
            if (_line.Length > 0)
            {
                var text = masker.Apply(_line.ToString());
                _line.Clear();
                inner.Write(text);
                copy?.Write(text);
            }

            inner.Flush();
            copy?.Flush();
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Flush();
        }

        base.Dispose(disposing);
    }

    private void Emit()
    {
        var text = _line.ToString();
        var end = text.LastIndexOf('\n') + 1;
        var complete = masker.Apply(text[..end]);
        _line.Remove(0, end);
        inner.Write(complete);
        inner.Flush();
        copy?.Write(complete);
    }
}
