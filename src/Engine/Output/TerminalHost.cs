namespace Pipeline.Engine.Output;

/// <summary>A developer's terminal: a header line per target.</summary>
public sealed class TerminalHost : BuildHost
{
    public override string Name => "terminal";

    public override bool IsServerBuild => false;

    public override void BeginTarget(TextWriter output, string target) =>
        output.WriteLine($"\n── {target} {new string('─', Math.Max(3, 60 - target.Length))}");

    public override void EndTarget(TextWriter output, string target)
    {
    }

    public override void ReportFailure(TextWriter output, string target, string message) =>
        output.WriteLine($"✗ {target} failed: {message}");
}
