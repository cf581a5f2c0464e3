using Pipeline.Engine.Targets;

namespace Pipeline.Engine.Tests.AsProcess;

/// <summary>
/// The test assembly is also a build program (its entry point is <see cref="Main"/>), so a test can run a real build as
/// its own process — with the standard output a shell gave it — without compiling a project of its own.
/// </summary>
public sealed class ProbeBuild : PipelineBuild
{
    public Target Greet => _ => _.Executes(() =>
    {
        for (var line = 1; line <= 3; line++)
        {
            Console.WriteLine($"greeting {line} of 3");
        }
    });

    public static int Main(string[] args) => Execute<ProbeBuild>(args);
}
