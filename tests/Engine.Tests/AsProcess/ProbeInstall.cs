namespace Pipeline.Engine.Tests.AsProcess;

/// <summary>
/// A copy of this test assembly's folder under a temporary repository (<c>.nuke/</c> above it), so the
/// <see cref="ProbeBuild"/> run from it takes that repository as its root and never writes into this one.
/// </summary>
public sealed class ProbeInstall : IDisposable
{
    public ProbeInstall()
    {
        Root = Directory.CreateTempSubdirectory("pipeline-probe-").FullName;
        Directory.CreateDirectory(Path.Combine(Root, ".nuke"));
        var source = Path.GetDirectoryName(typeof(ProbeBuild).Assembly.Location)!;
        var target = Path.Combine(Root, "build", "bin");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }

        Assembly = Path.Combine(target, Path.GetFileName(typeof(ProbeBuild).Assembly.Location));
    }

    /// <summary>The temporary repository: the probe's root, and where its output files go.</summary>
    public string Root { get; }

    /// <summary>The copied test assembly, whose entry point is <see cref="ProbeBuild.Main"/>.</summary>
    public string Assembly { get; }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
