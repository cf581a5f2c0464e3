using System.Text;

namespace Pipeline.Engine.Output;

/// <summary>
/// The process's standard output for the build's sink. On Unix it is file descriptor 1 as inherited, written with
/// <c>write(2)</c> (<see cref="DescriptorStream"/>): <see cref="Console.Out"/> first reads the terminal's terminfo
/// description and sets the terminal up, 5–9 ms of every start, and a build writes only lines. A reader that went away
/// (<c>./build.sh --help | head -1</c>) ends the output silently, as it does for the console.
/// </summary>
public static class StandardOutput
{
    public static TextWriter Open()
    {
        if (OperatingSystem.IsWindows())
        {
            return Console.Out;
        }

        // Descriptor 1 closed or not writable: the console copes with that.
        return DescriptorStream.IsWritable(1) ? Over(new DescriptorStream(1)) : Console.Out;
    }

    /// <summary>
    /// Why writing the output failed (a full disk, a closed descriptor — not a reader that went away), or null. The
    /// first failure is thrown where the write happened; later writes are dropped, so reporting it cannot fail again.
    /// </summary>
    public static IOException? FailureOf(TextWriter output) => output is Utf8Writer { Stream: BrokenPipeTolerantStream stream } ? stream.Failure : null;

    /// <summary>A line writer over <paramref name="stream"/> that stops writing, silently, once its reader went away.</summary>
    internal static TextWriter Over(Stream stream) => new Utf8Writer(new BrokenPipeTolerantStream(stream));

    private sealed class BrokenPipeTolerantStream(Stream inner) : Stream
    {
        private const int BrokenPipe = 32; // EPIPE: .NET reports the errno as the HResult of the IOException.
        private bool _closed;

        public IOException? Failure { get; private set; }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (_closed)
            {
                return;
            }

            try
            {
                inner.Write(buffer);
            }
            catch (IOException e) when (e.HResult == BrokenPipe)
            {
                _closed = true;
            }
            catch (IOException e)
            {
                _closed = true;
                Failure = e;
                throw;
            }
        }

        public override void Flush()
        {
            if (_closed)
            {
                return;
            }

            try
            {
                inner.Flush();
            }
            catch (IOException e) when (e.HResult != BrokenPipe)
            {
                _closed = true;
                Failure = e;
                throw;
            }
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
