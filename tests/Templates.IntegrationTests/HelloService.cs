using Pipeline.Testing.Packages;
using Xunit.Abstractions;

namespace Pipeline.Templates.IntegrationTests;

/// <summary>What a user adds to a fresh repository to deploy a service: the tiny web service of EcsService/src and a solution naming it.</summary>
internal static class HelloService
{
    /// <summary>Copies src/Hello into <paramref name="repository"/> and adds it to a new hello.sln at its root.</summary>
    public static async Task AddAsync(TemplatePackages packages, ITestOutputHelper log, string repository, CancellationToken ct)
    {
        Copy("EcsService/src", Path.Combine(repository, "src"));
        await TemplateCommand.RunAsync(packages, log, "dotnet", ["new", "sln", "--name", "hello", "--format", "sln"], repository, ct);
        await TemplateCommand.RunAsync(packages, log, "dotnet", ["sln", "hello.sln", "add", "src/Hello/Hello.csproj"], repository, ct);
    }

    /// <summary>Copies the folder <paramref name="from"/> of the test's output (files the tests ship, not compile) into <paramref name="to"/>.</summary>
    public static void Copy(string from, string to)
    {
        var source = Path.Combine(AppContext.BaseDirectory, from);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }
}
