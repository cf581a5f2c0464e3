using Pipeline.Engine.Targets;

namespace Pipeline.Components;

/// <summary><c>Lint</c>: formatting, code style and analyzers must report nothing (<c>dotnet format --verify-no-changes</c>).</summary>
public interface ILint : ICompile
{
    Target Lint => _ => _
        .Description("Check formatting, code style and analyzers (dotnet format --verify-no-changes)")
        .DependsOn(Restore)
        .ProceedAfterFailure()
        .Executes(ct => Tools.RunAsync(
            "dotnet", ["format", Solution, "--verify-no-changes", "--no-restore", "--severity", "warn", "-v", "q"], cancellationToken: ct));
}
