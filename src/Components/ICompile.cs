using Pipeline.Engine.Parameters;
using Pipeline.Engine.Targets;

namespace Pipeline.Components;

/// <summary>
/// <c>Restore</c> and <c>Compile</c> of the solution, one line per project as it is restored or compiled (minimal
/// verbosity, no terminal logger, so CI logs read the same); MSBuild's closing summary only with <c>--verbose</c>.
/// </summary>
public interface ICompile : IHaveSolution
{
    [Parameter("Build configuration")]
    Configuration Configuration => Parameters.Get(nameof(Configuration), Configuration.Release);

    Target Restore => _ => _
        .Description("Restore NuGet packages")
        .Executes(ct => Tools.RunAsync("dotnet", ["restore", Solution, "--nologo", "-v:m", "-tl:off"], cancellationToken: ct, quiet: Quiet));

    Target Compile => _ => _
        .Description("Build the solution (analyzers and warnings as errors)")
        .DependsOn(Restore)
        .Executes(ct => Tools.RunAsync("dotnet", ["build", Solution, "--no-restore", "--nologo", "-c", Configuration.ToString(), "-v:m", "-tl:off", "-clp:NoSummary"], cancellationToken: ct, quiet: Quiet));

    /// <summary>The lines of a dotnet command kept off the output: none with <c>--verbose</c>.</summary>
    private Func<string, bool>? Quiet => Verbose ? null : DotNetOutput.IsSuccessNoise;
}
