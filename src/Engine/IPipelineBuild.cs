using Microsoft.Extensions.Logging;
using Pipeline.Engine.Graph;
using Pipeline.Engine.Output;
using Pipeline.Engine.Parameters;
using Pipeline.Engine.Paths;
using Pipeline.Engine.Tools;

namespace Pipeline.Engine;

/// <summary>What every build and build component can use (NUKE's INukeBuild).</summary>
public interface IPipelineBuild
{
    /// <summary>The directory holding <c>.nuke/</c>.</summary>
    AbsolutePath RootDirectory { get; }

    /// <summary><c>artifacts/</c> under the root: test results, coverage, packages, image digests.</summary>
    AbsolutePath ArtifactsDirectory => RootDirectory / "artifacts";

    /// <summary><c>.nuke/temp/</c>: the build log and caches.</summary>
    AbsolutePath TemporaryDirectory => RootDirectory / ".nuke" / "temp";

    BuildHost Host { get; }

    bool IsServerBuild => Host.IsServerBuild;

    /// <summary>Bound parameter values, for parameters declared on component interfaces.</summary>
    ParameterValues Parameters { get; }

    SecretMasker Secrets { get; }

    ToolRunner Tools { get; }

    ILoggerFactory LoggerFactory { get; }

    /// <summary>The build's validated target graph (for generators such as workflows).</summary>
    TargetGraph Graph { get; }

    /// <summary>The build output (masked). Console.Out is the same sink while a build runs.</summary>
    TextWriter Output { get; }

    /// <summary><c>--verbose</c>: targets print everything their tools say instead of a summary line.</summary>
    bool Verbose => false;
}
