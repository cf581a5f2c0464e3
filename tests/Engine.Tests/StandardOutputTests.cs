using System.IO.Pipes;
using Pipeline.Engine.Execution;
using Pipeline.Engine.Output;

namespace Pipeline.Engine.Tests;

public sealed class StandardOutputTests
{
    [Fact]
    public void Output_to_a_reader_that_went_away_ends_silently()
    {
        using var pipe = new AnonymousPipeServerStream(PipeDirection.Out);
        pipe.DisposeLocalCopyOfClientHandle(); // the only reader is gone: writes fail with EPIPE
        var writer = StandardOutput.Over(new DescriptorStream((int)pipe.SafePipeHandle.DangerousGetHandle()));

        writer.WriteLine("first line");
        writer.WriteLine("second line");
        writer.Flush();
    }

    [Fact]
    public void A_descriptor_open_only_for_reading_is_not_taken_for_output()
    {
        var path = Path.GetTempFileName();
        try
        {
            using var reading = File.OpenHandle(path, FileMode.Open, FileAccess.Read);
            using var writing = File.OpenHandle(path, FileMode.Open, FileAccess.Write);

            Assert.False(DescriptorStream.IsWritable((int)reading.DangerousGetHandle()));
            Assert.True(DescriptorStream.IsWritable((int)writing.DangerousGetHandle()));
            Assert.Equal(0, new FileInfo(path).Length);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_surrogate_pair_split_across_writes_is_written_whole()
    {
        using var stream = new MemoryStream();
        var writer = StandardOutput.Over(stream);

        writer.Write("smile \ud83d");
        writer.Write("\ude00 and ");
        foreach (var c in "😀!\n")
        {
            writer.Write(c);
        }

        Assert.Equal("smile 😀 and 😀!\n", System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    [Fact]
    public void Other_write_failures_are_not_hidden()
    {
        var writer = StandardOutput.Over(new FailingStream());

        Assert.Throws<IOException>(() => writer.WriteLine("line"));
        Assert.Equal("No space left on device", StandardOutput.FailureOf(writer)?.Message);

        // Reported once: what comes after (the error line about it, the summary) is dropped rather than failing again.
        writer.WriteLine("error: ...");
        writer.Flush();
    }

    [Fact]
    public void A_reader_that_went_away_is_no_failure()
    {
        using var pipe = new AnonymousPipeServerStream(PipeDirection.Out);
        pipe.DisposeLocalCopyOfClientHandle();
        var writer = StandardOutput.Over(new DescriptorStream((int)pipe.SafePipeHandle.DangerousGetHandle()));

        writer.WriteLine("line");
        Assert.Null(StandardOutput.FailureOf(writer));
    }

    [Fact]
    public void The_root_is_found_above_the_build_before_the_working_directory()
    {
        var repository = Directory.CreateTempSubdirectory("pipeline-root-");
        var elsewhere = Directory.CreateTempSubdirectory("pipeline-elsewhere-");
        try
        {
            Directory.CreateDirectory(Path.Combine(repository.FullName, ".nuke"));
            var buildBin = Directory.CreateDirectory(Path.Combine(repository.FullName, "build", "bin")).FullName;
            Directory.CreateDirectory(Path.Combine(elsewhere.FullName, ".nuke"));

            Assert.Equal(repository.FullName, BuildSession.FindRoot(buildBin, elsewhere.FullName));
            Assert.Equal(elsewhere.FullName, BuildSession.FindRoot(Path.GetTempPath(), elsewhere.FullName));
            var bare = Directory.CreateTempSubdirectory("pipeline-bare-").FullName;
            Assert.Equal(bare, BuildSession.FindRoot(bare, bare));
            Directory.Delete(bare);
        }
        finally
        {
            repository.Delete(recursive: true);
            elsewhere.Delete(recursive: true);
        }
    }

    private sealed class FailingStream : MemoryStream
    {
        public override void Write(ReadOnlySpan<byte> buffer) => throw new IOException("No space left on device", 28);

        public override void Write(byte[] buffer, int offset, int count) => throw new IOException("No space left on device", 28);
    }
}
