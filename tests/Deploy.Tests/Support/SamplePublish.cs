using System.Diagnostics;
using Pipeline.Testing;

namespace Pipeline.Deploy.Tests.Support;

/// <summary>
/// The sample's framework-dependent output in a temporary folder, once per test run: a copy of src/Sample's build output
/// of this test's configuration and framework (what <c>dotnet publish</c> writes, minus the Dockerfile and web.config the
/// Process platform does not use), which building this test project produces, as the Driver references the sample;
/// <c>dotnet publish -c Release</c> only when that output is missing.
/// </summary>
public sealed class SamplePublish : IAsyncLifetime
{
    private const string EntryAssembly = "Pipeline.Sample.dll";

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "pipeline-deploy-tests", "sample-" + Guid.NewGuid().ToString("N")[..8]);

    public static string RepositoryRoot => RepositoryFolder.Root;

    public async Task InitializeAsync()
    {
        if (BuildOutput() is { } output)
        {
            CopyDirectory(output, Directory);
            return;
        }

        await PublishAsync();
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

    /// <summary>src/Sample/bin/&lt;configuration&gt;/&lt;framework&gt; as this test's own bin/&lt;configuration&gt;/&lt;framework&gt;, when it holds the sample.</summary>
    private static string? BuildOutput()
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        if (testOutput.Parent is not { } configuration)
        {
            return null;
        }

        var output = Path.Combine(RepositoryRoot, "src", "Sample", "bin", configuration.Name, testOutput.Name);
        return File.Exists(Path.Combine(output, EntryAssembly)) && File.Exists(Path.Combine(output, "Pipeline.Sample.runtimeconfig.json"))
            ? output
            : null;
    }

    private static void CopyDirectory(string source, string target)
    {
        System.IO.Directory.CreateDirectory(target);
        foreach (var directory in System.IO.Directory.EnumerateDirectories(source, "*", SearchOption.AllDirectories))
        {
            System.IO.Directory.CreateDirectory(Path.Combine(target, Path.GetRelativePath(source, directory)));
        }

        foreach (var file in System.IO.Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, Path.Combine(target, Path.GetRelativePath(source, file)));
        }
    }

    private async Task PublishAsync()
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
        if (process.ExitCode != 0 || !File.Exists(Path.Combine(Directory, EntryAssembly)))
        {
            throw new InvalidOperationException($"dotnet publish src/Sample failed ({process.ExitCode}): {await output}{await error}");
        }
    }
}

/// <summary>Real-process tests share one published sample and run one at a time (2 cores).</summary>
[CollectionDefinition(Name)]
public sealed class ProcessCollection : ICollectionFixture<SamplePublish>
{
    public const string Name = "process platform";
}
