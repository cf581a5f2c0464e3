using Microsoft.Extensions.Logging;
using Pipeline.Engine.Graph;
using Pipeline.Engine.Output;
using Pipeline.Engine.Parameters;
using Pipeline.Engine.Paths;
using Pipeline.Engine.Tools;

namespace Pipeline.Engine.Execution;

/// <summary>The running session's services, handed to the build.</summary>
internal sealed record BuildContext(
    AbsolutePath Root,
    BuildHost Host,
    ParameterValues Parameters,
    SecretMasker Masker,
    ToolRunner Tools,
    TextWriter Output,
    TextWriter Log)
{
    /// <summary>The validated target graph, once discovery is done.</summary>
    public TargetGraph? Graph { get; init; }

    /// <summary><c>--verbose</c> was given.</summary>
    public bool Verbose { get; init; }
}
