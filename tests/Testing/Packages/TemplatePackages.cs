using System.Text;

namespace Pipeline.Testing.Packages;

/// <summary>
/// Packs the Pipeline packages and the template once for the tests of a collection (the template tests, the examples)
/// and installs the template into a private hive, in a temporary folder. Nothing is installed on the machine: the template hive, the CLI
/// home and the NuGet cache are temporary (the machine's NuGet cache only serves as a read-only fallback for third-party
/// packages).
/// </summary>
public sealed class TemplatePackages : IAsyncLifetime
{
    public static readonly TimeSpan Limit = TimeSpan.FromMinutes(15);

    public string Work { get; } = Directory.CreateTempSubdirectory("pipeline-new-build-").FullName;

    public string Packages => Path.Combine(Work, "packages");

    public string Hive => Path.Combine(Work, "template-hive");

    /// <summary>The packed template (Pipeline.Templates.VERSION.nupkg).</summary>
    public string Template { get; private set; } = "";

    public async Task InitializeAsync()
    {
        using var cancellation = new CancellationTokenSource(Limit);
        var ct = cancellation.Token;
        await PackAsync(ct);
        Template = Assert.Single(Directory.GetFiles(Packages, "Pipeline.Templates.*.nupkg"));
        Assert.Single(Directory.GetFiles(Packages, "Pipeline.Components.*.nupkg"));
        await TemplateCommand.RunAsync(this, null, "dotnet", ["new", "install", Template, "--debug:custom-hive", Hive], Work, ct);
    }

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(Work, recursive: true);
        }
        catch (IOException)
        {
            // A build server may still hold a file; the folder is temporary anyway.
        }

        return Task.CompletedTask;
    }

    /// <summary>A fresh git repository named <paramref name="name"/> started with <c>dotnet new pipeline-build</c>.</summary>
    public async Task<string> NewRepositoryAsync(string name, Xunit.Abstractions.ITestOutputHelper log, CancellationToken ct)
    {
        var repository = Path.Combine(Work, name);
        Directory.CreateDirectory(repository);
        await TemplateCommand.RunAsync(this, log, "git", ["init", "-q"], repository, ct);
        await TemplateCommand.RunAsync(this, log, "dotnet", ["new", "pipeline-build", "--packages", Packages, "--debug:custom-hive", Hive], repository, ct);
        return repository;
    }

    /// <summary>The packable src/ projects and the template, through a solution filter so one command packs them all.</summary>
    private async Task PackAsync(CancellationToken ct)
    {
        var root = RepositoryRoot();
        var projects = Directory.EnumerateFiles(Path.Combine(root, "src"), "*.csproj", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}content{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(p => !File.ReadAllText(p).Contains("<IsPackable>false</IsPackable>", StringComparison.Ordinal))
            .Select(p => Path.GetRelativePath(root, p).Replace('/', '\\'))
            .Order(StringComparer.Ordinal)
            .ToList();
        var filter = Path.Combine(Work, "packages.slnf");
        var json = new StringBuilder().Append("{\"solution\":{\"path\":\"")
            .Append(Path.Combine(root, "Pipeline.sln").Replace("\\", "\\\\", StringComparison.Ordinal))
            .Append("\",\"projects\":[")
            .AppendJoin(",", projects.Select(p => "\"" + p.Replace("\\", "\\\\", StringComparison.Ordinal) + "\""))
            .Append("]}}");
        await File.WriteAllTextAsync(filter, json.ToString(), ct);
        // The repository's own NuGet setup: an isolated cache here would rewrite its obj/project.assets.json files.
        await TemplateCommand.RunAsync(this, null, "dotnet", ["pack", filter, "-c", "Release", "-o", Packages, "--nologo", "-v:m", "-tl:off", "-p:IncludeSymbols=false"], root, ct, isolated: false);
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Pipeline.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Pipeline.sln above {AppContext.BaseDirectory}.");
    }
}
