using Microsoft.Extensions.Logging;
using Pipeline.Engine.Output;
using Pipeline.Engine.Parameters;
using Pipeline.Engine.Targets;
using Pipeline.Engine.Tools;

namespace Pipeline.Engine.Tests;

public sealed class MaskingTests : IDisposable
{
    private const string FakeToken = "fake-token-0123456789";
    private readonly BuildHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    private sealed class Build : PipelineBuild
    {
        [Parameter, Secret]
        public string? ApiToken;

        public Target Echo => _ => _.Executes(async ct =>
        {
            Console.WriteLine($"console: {ApiToken}");
            await Tools.RunAsync("bash", ["-c", "echo \"stdout: $TOKEN\"; printf 'partial: %s' \"$TOKEN\" >&2; echo; echo \"split: ${TOKEN:0:5}\"\"${TOKEN:5}\""],
                environment: new Dictionary<string, string?> { ["TOKEN"] = ApiToken }, cancellationToken: ct);
        });

        public Target Fail => _ => _.Executes(ct => Tools.RunAsync(
            "bash", ["-c", $"for i in $(seq 1 40); do echo line $i; done; echo \"token {ApiToken}\"; exit 3"], cancellationToken: ct));
    }

    private sealed class DatabaseBuild : PipelineBuild
    {
        [Parameter, Secret]
        public string? Database;

        public Target Migrate => _ => _.Executes(async ct =>
        {
            var path = Database!.Split(';')[0].Split('=')[1];
            Output.WriteLine($"migrating {path}");
            Output.WriteLine($"options: {Database.Split(';')[1]}");
            LoggerFactory.CreateLogger("Migrate").LogInformation("logged {Path}", path);
            await Tools.RunAsync("bash", ["-c", "echo \"tool: opened $DB\""], environment: new Dictionary<string, string?> { ["DB"] = path }, cancellationToken: ct);
        });
    }

    [Fact]
    public void Secrets_are_masked_in_console_and_streamed_tool_output_and_in_the_log()
    {
        Assert.Equal(0, _harness.Run(new Build(), "Echo", "--api-token", FakeToken));

        Assert.DoesNotContain(FakeToken, _harness.Output, StringComparison.Ordinal);
        Assert.Contains("stdout: ***", _harness.Output, StringComparison.Ordinal);
        Assert.Contains("partial: ***", _harness.Output, StringComparison.Ordinal);
        Assert.Contains("split: ***", _harness.Output, StringComparison.Ordinal);
        var log = File.ReadAllText(Path.Combine(_harness.Root, ".nuke", "temp", "build.log"));
        Assert.DoesNotContain(FakeToken, log, StringComparison.Ordinal);
    }

    [Fact]
    public void The_path_and_password_of_a_secret_connection_string_are_masked_wherever_they_are_printed()
    {
        const string Path = "/srv/data/private-app.db";
        _harness.Environment["PIPELINE_DATABASE"] = $"Data Source={Path};Cache=Shared;Password=s3cret-pw";

        Assert.Equal(0, _harness.Run(new DatabaseBuild(), "Migrate"));

        Assert.DoesNotContain(Path, _harness.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-pw", _harness.Output, StringComparison.Ordinal);
        Assert.Contains("migrating ***", _harness.Output, StringComparison.Ordinal);
        Assert.Contains("tool: opened ***", _harness.Output, StringComparison.Ordinal);
        Assert.Contains("options: Cache=Shared", _harness.Output, StringComparison.Ordinal);
        Assert.Contains("logged ***", _harness.Output, StringComparison.Ordinal);
        var log = File.ReadAllText(System.IO.Path.Combine(_harness.Root, ".nuke", "temp", "build.log"));
        Assert.DoesNotContain(Path, log, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Data Source=/a/b.db", "/a/b.db")]
    [InlineData("Host=db;Username=app;Password='p w;x'", "app")]
    [InlineData("Filename = C:\\data\\x.sqlite ; Mode=ReadOnly", "C:\\data\\x.sqlite")]
    public void A_connection_strings_identifying_values_are_parts_of_the_secret(string secret, string part)
    {
        var parts = SecretMasker.PartsOf(secret);

        Assert.Equal(secret, parts[0]);
        Assert.Contains(part, parts);
        Assert.DoesNotContain(parts, p => p is "db" or "Shared" or "ReadOnly");
    }

    [Fact]
    public void A_secret_from_the_environment_is_masked_too()
    {
        _harness.Environment["PIPELINE_API_TOKEN"] = FakeToken;
        Assert.Equal(0, _harness.Run(new Build(), "Echo"));
        Assert.DoesNotContain(FakeToken, _harness.Output, StringComparison.Ordinal);
        Assert.Contains("stdout: ***", _harness.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void On_GitHub_Actions_secrets_are_announced_with_add_mask_before_use()
    {
        _harness.Environment["GITHUB_ACTIONS"] = "true";
        Assert.Equal(0, _harness.Run(new Build(), "Echo", "--api-token", FakeToken));
        Assert.Equal($"::add-mask::{FakeToken}", _harness.Lines[0]);
        Assert.Single(_harness.Lines, l => l.Contains(FakeToken, StringComparison.Ordinal));
    }

    [Fact]
    public void A_failing_tool_reports_command_exit_code_and_last_lines_masked()
    {
        Assert.Equal(1, _harness.Run(new Build(), "Fail", "--api-token", FakeToken));

        Assert.Contains("✗ Fail failed: 'bash -c \"for i in", _harness.Output, StringComparison.Ordinal);
        Assert.Contains("exited with code 3", _harness.Output, StringComparison.Ordinal);
        var tail = _harness.Output[_harness.Output.IndexOf("Last lines of", StringComparison.Ordinal)..];
        Assert.Contains("  token ***", tail, StringComparison.Ordinal);
        Assert.Contains("  line 40", tail, StringComparison.Ordinal);
        Assert.DoesNotContain("  line 10\n", tail, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeToken, _harness.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_masker_handles_multi_line_and_overlapping_secrets()
    {
        var masker = new SecretMasker();
        masker.Add("abc");
        masker.Add("abcdef\nsecond-line");
        Assert.False(masker.Add("ab"));
        Assert.Equal("*** *** *** ab", masker.Apply("abcdef second-line abc ab"));
    }

    [Fact]
    public void The_sink_masks_a_secret_written_in_pieces()
    {
        var masker = new SecretMasker();
        masker.Add("hunter2-fake");
        var inner = new StringWriter();
        using (var sink = new MaskingTextWriter(inner, masker))
        {
            sink.Write("pass=hun");
            sink.Write("ter2");
            sink.Write("-fake\nnext ");
            sink.Write('h');
            sink.Write("unter2-fake");
        }

        Assert.Equal("pass=***\nnext ***", inner.ToString());
    }

    [Fact]
    public async Task A_missing_tool_is_one_clear_line()
    {
        var runner = new ToolRunner(TextWriter.Null, _harness.Root);
        var error = await Assert.ThrowsAsync<ToolNotFoundException>(() => runner.RunAsync("no-such-tool-pipeline", []));
        Assert.StartsWith("'no-such-tool-pipeline' could not be started", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tool_can_be_cancelled()
    {
        var runner = new ToolRunner(TextWriter.Null, _harness.Root);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var started = DateTime.UtcNow;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => runner.RunAsync("sleep", ["30"], cancellationToken: cancellation.Token));
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_quiet_filter_keeps_matching_lines_off_the_output_but_in_the_result_and_the_failure_tail()
    {
        var output = new StringWriter { NewLine = "\n" };
        var runner = new ToolRunner(output, _harness.Root);
        var result = await runner.RunAsync("bash", ["-c", "echo kept; echo noise; echo also kept"], quiet: line => line == "noise");
        Assert.Equal(["kept", "noise", "also kept"], result.Lines);
        Assert.DoesNotContain("noise", output.ToString().Split('\n'));
        Assert.Contains("also kept", output.ToString(), StringComparison.Ordinal);

        var failure = await Assert.ThrowsAsync<ToolFailedException>(() => runner.RunAsync("bash", ["-c", "echo noise; exit 3"], quiet: line => line == "noise"));
        Assert.Equal(["noise"], failure.LastLines);
    }
}
