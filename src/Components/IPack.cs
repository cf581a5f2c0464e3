using Pipeline.Engine.Paths;
using Pipeline.Engine.Targets;

namespace Pipeline.Components;

/// <summary><c>Pack</c>: NuGet packages of every packable project, versioned from git tags by MinVer.</summary>
public interface IPack : ICompile
{
    AbsolutePath PackagesDirectory => ArtifactsDirectory / "packages";

    Target Pack => _ => _
        .Description("Create the NuGet packages (version from git tags via MinVer) in artifacts/packages")
        .DependsOn(Compile)
        .Produces("artifacts/packages")
        .Executes(async ct =>
        {
            if (Directory.Exists(PackagesDirectory))
            {
                Directory.Delete(PackagesDirectory, recursive: true);
            }

            await Tools.RunAsync("dotnet", ["pack", Solution, "--no-build", "--nologo", "-c", Configuration.ToString(), "-o", PackagesDirectory, "-v", "q"], cancellationToken: ct);
            foreach (var package in Directory.EnumerateFiles(PackagesDirectory, "*.nupkg").Order(StringComparer.Ordinal))
            {
                Output.WriteLine("  " + Path.GetFileName(package));
            }
        });
}
