using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

// The generated P/Invokes below marshal by themselves; without runtime marshalling ReadyToRun compiles their calls
// ahead of time instead of the runtime making an IL stub on every start.
[assembly: DisableRuntimeMarshalling]

namespace Pipeline.Engine.Output;

/// <summary>
/// Writes to an inherited Unix file descriptor with <c>write(2)</c>, so the bytes land where the descriptor's shared
/// offset points and move it on, as a shell's <c>echo</c> does. A <see cref="FileStream"/> over a regular file keeps a
/// position of its own and writes with <c>pwrite(2)</c>: in <c>(./build.sh Lint; echo done) &gt; out.txt</c> the shell's
/// <c>done</c> then overwrote the start of the build's output.
/// </summary>
internal sealed partial class DescriptorStream(int descriptor) : Stream
{
    // errno values shared by Linux and macOS.
    private const int Interrupted = 4; // EINTR
    private const int WouldBlock = 11; // EAGAIN on Linux
    private const int WouldBlockDarwin = 35; // EAGAIN on macOS
    private const short ReadyToWrite = 4; // POLLOUT

    /// <summary>Whether <paramref name="descriptor"/> is open for writing (a write of no bytes tells, and writes none).</summary>
    public static bool IsWritable(int descriptor) => WriteNative(descriptor, [], 0) == 0;

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
        while (!buffer.IsEmpty)
        {
            var written = WriteNative(descriptor, buffer, buffer.Length);
            if (written >= 0)
            {
                buffer = buffer[(int)written..];
                continue;
            }

            var error = Marshal.GetLastPInvokeError();
            if (error == Interrupted)
            {
                continue;
            }

            if (error is WouldBlock or WouldBlockDarwin)
            {
                // A descriptor a parent made non-blocking (a full pipe): wait until it takes more, as the console does.
                var poll = new PollDescriptor { Descriptor = descriptor, Events = ReadyToWrite };
                _ = PollNative(ref poll, 1, -1);
                continue;
            }

            // .NET reports an errno as the HResult of the IOException (EPIPE: 32), as FileStream does.
            throw new IOException(Marshal.GetPInvokeErrorMessage(error), error);
        }
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static partial nint WriteNative(int descriptor, ReadOnlySpan<byte> buffer, nint count);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static partial int PollNative(ref PollDescriptor descriptors, nuint count, int timeoutMilliseconds);

    [StructLayout(LayoutKind.Sequential)]
    private struct PollDescriptor
    {
        public int Descriptor;
        public short Events;
        public short ReturnedEvents;
    }
}
