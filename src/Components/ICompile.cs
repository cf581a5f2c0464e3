using Pipeline.Engine.Parameters;
using Pipeline.Engine.Targets;

namespace Pipeline.Components;

/// <summary><c>Restore</c> and <c>Compile</c> of the solution.</summary>
public interface ICompile : IHaveSolution
{
    [Parameter("Build configuration")]
    Configuration Configuration => Parameters.Get(nameof(Configuration), Configuration.Release);

    Target Restore => _ => _
        .Description("Restore NuGet packages")
        .Executes(ct => Tools.RunAsync("dotnet", ["restore", Solution, "--nologo", "-v", "q"], cancellationToken: ct));

    Target Compile => _ => _
        .Description("Build the solution (analyzers and warnings as errors)")
        .DependsOn(Restore)
        .Executes(ct => Tools.RunAsync("dotnet", ["build", Solution, "--no-restore", "--nologo", "-c", Configuration.ToString(), "-v", "q", "-clp:NoSummary"], cancellationToken: ct));
}
