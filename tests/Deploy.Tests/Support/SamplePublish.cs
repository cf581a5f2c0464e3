using System.Diagnostics;
using Pipeline.Testing;

namespace Pipeline.Deploy.Tests.Support;

/// <summary>Publishes src/Sample once per test run (dotnet publish -c Release) into a temporary folder.</summary>
public sealed class SamplePublish : IAsyncLifetime
{
    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "pipeline-deploy-tests", "sample-" + Guid.NewGuid().ToString("N")[..8]);

    public static string RepositoryRoot => RepositoryFolder.Root;

    public async Task InitializeAsync()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { "publish", Path.Combine(RepositoryRoot, "src", "Sample"), "-c", "Release", "-o", Directory, "-nodeReuse:false", "-v", "q" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0 || !File.Exists(Path.Combine(Directory, "Pipeline.Sample.dll")))
        {
            throw new InvalidOperationException($"dotnet publish src/Sample failed ({process.ExitCode}): {await output}{await error}");
        }
    }

    public Task DisposeAsync()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }

        return Task.CompletedTask;
    }
}

/// <summary>Real-process tests share one published sample and run one at a time (2 cores).</summary>
[CollectionDefinition(Name)]
public sealed class ProcessCollection : ICollectionFixture<SamplePublish>
{
    public const string Name = "process platform";
}
